package org.amana.gateway;

import static org.amana.gateway.ReviewerAtConsole.console;
import static org.amana.gateway.ReviewerAtConsole.firstId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.LogHash;
import org.amana.crypto.tlog.NoteSigner;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.crypto.tlog.Proofs;
import org.amana.gateway.ReviewerAtConsole.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's side of the integrity log on a real gateway: pull keeps the leaves, proofs,
 * checkpoint and pinned log key; verify recomputes the leaf and checks proof and signature, and
 * fails on a tampered blob, a wrongly signed checkpoint or a swapped proof; a changed log key is
 * refused. An evidence bundle verifies on a clean folder with no token, fails after any byte of
 * any file in it changed, and checks with the standard tools its VERIFY.md names. A defender's
 * offline proof from check-in verifies against a later checkpoint.
 */
@TestMethodOrder(MethodOrderer.MethodName.class) // deterministic: the defender's test adds a submission the later ones see
class ConsoleIntegrityTest {
  static GatewayFixture fx;
  static ReviewerAtConsole reviewer;
  static String cookie;
  static String receipt;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    reviewer = new ReviewerAtConsole("amana-evidence", dir);
    fx = GatewayFixture.start("console-integrity", Limits.defaults());
    reviewer.enroll(fx);
    cookie = fx.session("en");
    HttpResponse<String> page = fx.submit("en", cookie, new Multipart().field("report", "A report with \u202ea bidi override.")
        .file("files", "statement.txt", "text/plain", "A witness statement.\n".getBytes(StandardCharsets.UTF_8))
        .file("files", "photo.bin", "application/octet-stream", "not really a photo".repeat(1000).getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, page.statusCode(), page.body());
    if (GatewayFixture.asksForDecision(page.body())) page = fx.decide("en", cookie, page.body(), true);
    receipt = GatewayFixture.receipt(page.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  /** A fresh state folder, logged in and pulled; returns the submission's id. */
  static String pulled(Path home) {
    reviewer.login(fx, home);
    Result pull = console(0, "pull", "--home", home);
    assertTrue(pull.out().contains("Pinned the gateway's integrity log key"), pull.toString());
    // The submission of BeforeAll: its manifest and two files (a later test adds a report-only one).
    return firstId(pull.out().lines().filter(l -> l.contains("pulled 3 sealed item(s)")).findFirst().orElse(pull.out()));
  }

  static Path home() throws Exception {
    return Files.createDirectory(dir.resolve("home-" + UUID.randomUUID()), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  @Test
  void verify_goodPull_leafRecomputedIncludedAndSigned() throws Exception {
    Path home = home();
    String id = pulled(home);
    Path material = home.resolve("submissions").resolve(id).resolve("log.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(material)));
    assertEquals(fx.get("/log/key", null).body().strip(), Files.readString(home.resolve("log-key.txt")).strip());

    Result v = console(0, reviewer.withToken("verify", id, "--home", home));
    assertTrue(v.out().contains("equal to the logged leaf"), v.toString());
    assertTrue(v.out().lines().anyMatch(l -> l.startsWith("OK") && l.contains("submission leaf") && l.contains("included in checkpoint")), v.out());
    assertTrue(v.out().lines().anyMatch(l -> l.startsWith("OK") && l.contains("custody event") && l.contains("pulled")), v.out());
    assertTrue(v.out().contains("Verdict: intact"), v.out());
  }

  @Test
  void verify_tamperedBlob_leafDiffersAndExit5() throws Exception {
    Path home = home();
    String id = pulled(home);
    Path blob = home.resolve("submissions").resolve(id).resolve("2-file.age");
    byte[] b = Files.readAllBytes(blob);
    b[b.length - 10] ^= 1;
    Files.write(blob, b);
    Result v = console(5, reviewer.withToken("verify", id, "--home", home));
    assertTrue(v.out().lines().anyMatch(l -> l.startsWith("PROBLEM   leaf") && l.contains("sealed file #2")), v.out());
    assertTrue(v.out().contains("NOT intact"), v.out());
  }

  @Test
  void verify_checkpointSignedByAnotherKey_exit5() throws Exception {
    Path home = home();
    String id = pulled(home);
    Path file = home.resolve("submissions").resolve(id).resolve("log.json");
    JsonObject m = new JsonObject(Files.readString(file));
    String note = m.getString("checkpoint");
    String text = note.substring(0, note.indexOf("\n\n") + 1);
    String name = text.substring(0, text.indexOf('\n'));
    try (NoteSigner other = NoteSigner.generate(name, new SecureRandom())) {
      m.put("checkpoint", other.sign(text).encoded()); // same name and text, another key
    }
    Files.writeString(file, m.encode());
    Result v = console(5, reviewer.withToken("verify", id, "--home", home));
    assertTrue(v.out().lines().anyMatch(l -> l.startsWith("PROBLEM   checkpoint") && l.contains("does not verify")), v.out());
  }

  @Test
  void verify_swappedInclusionProof_exit5() throws Exception {
    Path home = home();
    String id = pulled(home);
    Path file = home.resolve("submissions").resolve(id).resolve("log.json");
    JsonObject m = new JsonObject(Files.readString(file));
    JsonArray leaves = m.getJsonArray("leaves");
    assertTrue(leaves.size() >= 3, "a submission leaf and two pulls: " + m.encode());
    JsonArray other = leaves.getJsonObject(1).getJsonArray("proof");
    leaves.getJsonObject(1).put("proof", leaves.getJsonObject(0).getJsonArray("proof"));
    leaves.getJsonObject(0).put("proof", other);
    Files.writeString(file, m.encode());
    Result v = console(5, reviewer.withToken("verify", id, "--home", home));
    assertTrue(v.out().lines().anyMatch(l -> l.startsWith("PROBLEM   submission leaf") && l.contains("inclusion proof")), v.out());
  }

  @Test
  void pull_logKeyChanged_refusedWithExit5() throws Exception {
    Path home = home();
    pulled(home);
    try (NoteSigner other = NoteSigner.generate("amana.log/00000000", new SecureRandom())) {
      Files.writeString(home.resolve("log-key.txt"), other.verifier().encoded() + "\n");
    }
    Result r = console(5, "pull", "--home", home);
    assertTrue(r.err().contains("integrity log key changed"), r.toString());
  }

  @Test
  void bundle_verifiesOnACleanFolder_failsAfterAnyChange_standardToolsAgree() throws Exception {
    Path home = home();
    String id = pulled(home);
    Path to = home(); // a private folder
    Result e = console(0, reviewer.withToken("export", id, "--to", to, "--bundle", "--sign-key", reviewer.loginLabel, "--home", home));
    Path bag = to.resolve("amana-evidence-" + id);
    assertTrue(e.out().contains("verify-bundle"), e.toString());
    List<Path> files;
    try (Stream<Path> s = Files.walk(bag)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (Stream<Path> s = Files.walk(bag)) {
      for (Path p : s.toList()) {
        assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
      }
    }
    for (String f : List.of("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt",
        "tagmanifest-sha256.txt.sig", "signer-key.pem", "VERIFY.md", "data/manifest-facts.json", "data/custody.json",
        "data/consent.json", "data/proof/leaf.bin", "data/proof/inclusion.json", "data/proof/checkpoint.txt",
        "data/proof/log-key.txt", "data/files/file-1.txt")) {
      assertTrue(Files.isRegularFile(bag.resolve(f)), f);
    }
    try (Stream<Path> s = Files.list(bag.resolve("data/files"))) {
      assertEquals(2, s.filter(p -> p.getFileName().toString().matches("file-[12]\\.[a-z]+")).count(), files.toString());
    }
    assertEquals("A witness statement.\n", Files.readString(bag.resolve("data/files/file-1.txt")));
    Result again = console(9, reviewer.withToken("export", id, "--to", to, "--bundle", "--sign-key", reviewer.loginLabel, "--home", home));
    assertTrue(again.err().contains("already exists"), again.toString());

    // A clean folder elsewhere, checked with no token and no state folder.
    Path clean = dir.resolve("received-" + UUID.randomUUID());
    for (Path f : files) {
      Path target = clean.resolve(bag.relativize(f).toString());
      Files.createDirectories(target.getParent());
      Files.copy(f, target);
    }
    Result ok = console(0, "verify-bundle", clean);
    assertTrue(ok.out().contains("Verdict: the bundle is intact"), ok.out());
    assertFalse(ok.out().contains("PROBLEM"), ok.out());

    for (Path f : files) {
      Path target = clean.resolve(bag.relativize(f).toString());
      byte[] original = Files.readAllBytes(target);
      byte[] changed = original.clone();
      changed[changed.length / 2] ^= 0x01;
      Files.write(target, changed);
      Result bad = console(5, "verify-bundle", clean);
      assertTrue(bad.out().contains("NOT intact"), () -> target + "\n" + bad.out());
      Files.write(target, original);
    }
    Files.writeString(clean.resolve("data/files/added.txt"), "slipped in later");
    assertTrue(console(5, "verify-bundle", clean).out().contains("added or removed"));
    Files.delete(clean.resolve("data/files/added.txt"));
    console(0, "verify-bundle", clean);

    standardTools(clean);
  }

  /** The commands VERIFY.md gives, where the tools exist here. */
  private static void standardTools(Path bag) throws Exception {
    List<List<String>> commands = new ArrayList<>(List.of(List.of("sha256sum", "-c", "manifest-sha256.txt"),
        List.of("sha512sum", "-c", "manifest-sha512.txt"), List.of("sha256sum", "-c", "tagmanifest-sha256.txt"),
        List.of("openssl", "dgst", "-sha256", "-verify", "signer-key.pem", "-signature", "tagmanifest-sha256.txt.sig", "tagmanifest-sha256.txt"),
        List.of("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "data/proof/log-key.pem", "-rawin", "-in",
            "data/proof/checkpoint-body.txt", "-sigfile", "data/proof/checkpoint.sig")));
    String verify = Files.readString(bag.resolve("VERIFY.md"));
    for (List<String> c : commands) assertTrue(verify.contains(String.join(" ", c)), "VERIFY.md gives: " + c);
    String python = verify.substring(verify.indexOf("```python\n") + 10, verify.indexOf("```\n", verify.indexOf("```python\n") + 10));
    Path script = dir.resolve("check_inclusion-" + UUID.randomUUID() + ".py");
    Files.writeString(script, python);
    commands.add(List.of("python3", script.toString()));
    for (List<String> c : commands) {
      if (!onPath(c.get(0))) {
        System.err.println("SKIPPED the VERIFY.md step '" + String.join(" ", c) + "': " + c.get(0) + " is not installed here");
        continue;
      }
      Process p = new ProcessBuilder(c).directory(bag.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), String.join(" ", c) + "\n" + output);
      assertFalse(output.contains("FAIL"), output);
    }
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  @Test
  void bundle_logProofsFailHere_nothingWritten() throws Exception {
    Path home = home();
    String id = pulled(home);
    Path file = home.resolve("submissions").resolve(id).resolve("log.json");
    JsonObject m = new JsonObject(Files.readString(file));
    m.getJsonArray("leaves").getJsonObject(0).put("proof", new JsonArray());
    Files.writeString(file, m.encode());
    Path to = home();
    Result e = console(5, reviewer.withToken("export", id, "--to", to, "--bundle", "--sign-key", reviewer.loginLabel, "--home", home));
    assertTrue(e.err().contains("No bundle was written"), e.toString());
    try (Stream<Path> s = Files.list(to)) {
      assertEquals(0, s.count(), "nothing left behind");
    }
  }

  @Test
  void defenderProof_downloadedAtCheckIn_verifiesAgainstALaterCheckpoint() throws Exception {
    fx.gateway().log().signIfGrown().await();
    HttpResponse<String> visit = fx.checkIn("en", cookie, receipt);
    assertTrue(visit.body().contains("Anyone who finds this file on your device can tell that you submitted"), visit.body());
    Matcher token = Pattern.compile("name=\"visit\" value=\"([^\"]+)\"").matcher(visit.body());
    assertTrue(token.find(), visit.body());
    String form = "csrf=" + URLEncoder.encode(cookie, StandardCharsets.UTF_8) + "&visit="
        + URLEncoder.encode(token.group(1).replace("&amp;", "&"), StandardCharsets.UTF_8);
    HttpResponse<String> download = fx.send(HttpRequest.newBuilder(fx.site("/en/check-in/proof"))
        .header("Cookie", GatewayFixture.CSRF_COOKIE + "=" + cookie).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    assertEquals(200, download.statusCode(), download.body());
    assertTrue(download.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
    JsonObject proof = new JsonObject(download.body());
    NoteVerifier key = NoteVerifier.parse(proof.getString("logKey"));
    assertEquals(fx.get("/log/key", null).body().strip(), key.encoded(), "the published key");
    Checkpoint then = Checkpoint.parse(key.verify(proof.getString("checkpoint")));
    byte[] leafHash = LogHash.leaf(Base64.getDecoder().decode(proof.getString("leaf")));
    long index = proof.getLong("index");
    assertTrue(Proofs.verifyInclusion(index, then.size(), leafHash, hashes(proof.getJsonArray("proof")), then.root()));

    // The log grows; later, the defender (or anyone) checks the kept proof against the newest checkpoint.
    HttpResponse<String> more = fx.submit("en", cookie, new Multipart().field("report", "a later submission"));
    assertEquals(200, more.statusCode());
    fx.gateway().log().signIfGrown().await();
    Checkpoint later = Checkpoint.parse(key.verify(fx.get("/log/checkpoint", null).body()));
    assertTrue(later.size() > then.size(), later + " after " + then);
    JsonObject consistency = new JsonObject(fx.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.gateway().apiPort()
        + "/log/proof/consistency?from=" + then.size() + "&to=" + later.size())).build()).body());
    assertTrue(Proofs.verifyConsistency(then.size(), later.size(), then.root(), later.root(), hashes(consistency.getJsonArray("proof"))),
        "the checkpoint the proof leads to is a prefix of the later one: the submission is still in the log");
    JsonObject inLater = new JsonObject(fx.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.gateway().apiPort()
        + "/log/proof/inclusion?index=" + index + "&size=" + later.size())).build()).body());
    assertTrue(Proofs.verifyInclusion(index, later.size(), leafHash, hashes(inLater.getJsonArray("proof")), later.root()));
    assertFalse(Proofs.verifyConsistency(then.size(), later.size(), later.root(), later.root(), hashes(consistency.getJsonArray("proof"))));
  }

  private static List<byte[]> hashes(JsonArray a) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) out.add(Base64.getDecoder().decode(a.getString(i)));
    return out;
  }
}

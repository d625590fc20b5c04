package org.amana.gateway;

import static org.amana.gateway.ReviewerAtConsole.console;
import static org.amana.gateway.ReviewerAtConsole.firstId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.UUID;
import org.amana.crypto.tlog.NoteSigner;
import org.amana.gateway.ReviewerAtConsole.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's side of the integrity log on a real gateway: pull keeps the leaves, proofs,
 * checkpoint and pinned log key; verify recomputes the leaf and checks proof and signature, and
 * fails on a tampered blob, a wrongly signed checkpoint or a swapped proof; a changed log key is
 * refused. Evidence bundles: see ConsoleBundleTest.
 */
class ConsoleIntegrityTest {
  static GatewayFixture fx;
  static ReviewerAtConsole reviewer;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    reviewer = new ReviewerAtConsole("amana-evidence", dir);
    fx = GatewayFixture.start("console-integrity", Limits.defaults());
    reviewer.enroll(fx);
    HttpResponse<String> page = fx.submit("en", fx.session("en"), new Multipart().field("report", "A report with \u202ea bidi override.")
        .file("files", "statement.txt", "text/plain", "A witness statement.\n".getBytes(StandardCharsets.UTF_8))
        .file("files", "photo.bin", "application/octet-stream", "not really a photo".repeat(1000).getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, page.statusCode(), page.body());
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
    return firstId(pull.out());
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
}

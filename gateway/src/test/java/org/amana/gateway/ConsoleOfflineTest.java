package org.amana.gateway;

import static org.amana.gateway.ReviewerAtConsole.console;
import static org.amana.gateway.ReviewerAtConsole.firstId;
import static org.amana.gateway.ReviewerAtConsole.gateway;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.amana.gateway.ReviewerAtConsole.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline workstation: the operator exports sealed submissions to a folder (the stick), the
 * console imports them with no session and no network, opens and verifies them, writes a sealed
 * reply back to the stick, the operator imports it, and the defender reads it at check-in. Also:
 * a tampered stick is refused whole, imports and exports repeat harmlessly, and an interrupted
 * pull continues with a range request.
 */
class ConsoleOfflineTest {
  private static final String REPORT = "Report carried on a stick " + UUID.randomUUID();
  private static final byte[] EVIDENCE = new byte[1_500_000]; // several chunk rows, so a resumed pull skips rows
  private static GatewayFixture fx;
  private static ReviewerAtConsole reviewer;
  private static String cookie;
  private static String receipt;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    reviewer = new ReviewerAtConsole("amana-4", dir);
    fx = GatewayFixture.start("console-offline", Limits.defaults());
    reviewer.enroll(fx);
    new Random(4).nextBytes(EVIDENCE);
    cookie = fx.session("en");
    HttpResponse<String> page = fx.submit("en", cookie,
        // "keep as they are": random bytes are no format a stripper knows, and this test is about the stick
        new Multipart().field("report", REPORT).field("metadata", "keep").file("files", "evidence.bin", "application/octet-stream", EVIDENCE));
    assertEquals(200, page.statusCode(), page.body());
    // Random bytes cannot be cleaned of metadata: the defender sends them as they are.
    if (GatewayFixture.asksForDecision(page.body())) page = fx.decide("en", cookie, page.body(), true);
    receipt = GatewayFixture.receipt(page.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void exportImportOpenReplyOutImportReplies_noNetworkAtTheConsole_defenderReadsTheReply() throws Exception {
    Path stick = dir.resolve("stick-" + UUID.randomUUID());
    String id = firstId(gateway(fx, 0, "offline", "export", "--to", stick, "--log-key", fx.logKey()).out());
    Path item = stick.resolve(id);
    assertEquals(List.of("0-manifest.age", "1-file.age", "item.json"), names(item));
    for (String sealed : new String[] {"0-manifest.age", "1-file.age"}) {
      assertTrue(new String(Files.readAllBytes(item.resolve(sealed)), StandardCharsets.ISO_8859_1).startsWith("age-encryption.org/v1\n"));
    }
    for (Path p : List.of(stick, item)) assertEquals("rwx------", mode(p));
    for (String f : names(item)) assertEquals("rw-------", mode(item.resolve(f)));
    JsonObject index = new JsonObject(Files.readString(item.resolve("item.json")));
    assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), index.getString("receivedOn"));
    assertTrue(index.getString("replyRecipient").startsWith("age1"), index.encode());
    assertTrue(Files.readString(stick.resolve("amana-exported.txt")).contains(id));
    assertNoPlaintext(stick);

    Map<String, Long> exported = snapshot(stick);
    assertTrue(gateway(fx, 0, "offline", "export", "--to", stick, "--log-key", fx.logKey()).out().contains("Wrote 0 submission(s)"));
    assertEquals(exported, snapshot(stick), "a second export writes nothing");

    Path home = Files.createTempDirectory(dir, "offline-home"); // never logged in: no session, no gateway address
    assertTrue(console(0, "import", stick, "--home", home).out().contains(id + "  imported 2 sealed item(s)"));
    assertTrue(console(0, "list", "--home", home).out().lines().anyMatch(l -> l.startsWith(id) && l.endsWith("pulled")));
    assertTrue(console(0, reviewer.withToken("open", id, "--home", home)).out().contains(REPORT));
    String verified = console(0, reviewer.withToken("verify", id, "--home", home)).out();
    assertTrue(verified.contains("intact: 1 files verified") && verified.contains("equal to the logged leaf"), verified);
    assertEquals(index.getString("logKey"), Files.readString(home.resolve("log-key.txt")).strip(), "the item's log key, pinned");
    Map<String, Long> imported = snapshot(home.resolve("submissions"));
    assertTrue(console(0, "import", stick, "--home", home).out().contains(id + "  already here"));
    assertEquals(imported, snapshot(home.resolve("submissions")), "a second import changes nothing");

    String reply = "Received on the offline workstation " + UUID.randomUUID();
    Path text = Files.writeString(dir.resolve("reply-" + UUID.randomUUID() + ".txt"), reply);
    console(0, "reply", id, "--text", text, "--out", stick, "--home", home);
    Path replyFile;
    try (Stream<Path> s = Files.list(stick)) {
      replyFile = s.filter(p -> p.getFileName().toString().matches("reply-" + id + "-[0-9a-f]{16}\\.age")).findFirst().orElseThrow();
    }
    assertEquals("rw-------", mode(replyFile));
    assertFalse(new String(Files.readAllBytes(replyFile), StandardCharsets.ISO_8859_1).contains(reply), "the reply is sealed");

    Result stored = gateway(fx, 0, "offline", "import-replies", stick);
    assertTrue(stored.out().contains("1 reply(ies) stored"), stored.out());
    Path marked = replyFile.resolveSibling(replyFile.getFileName() + ".imported");
    assertTrue(Files.exists(marked) && !Files.exists(replyFile));
    // The same reply again under another name (as if the rename had been lost): recognised, not stored twice.
    Files.copy(marked, stick.resolve("reply-" + id + "-0123456789abcdef.age"));
    assertTrue(gateway(fx, 0, "offline", "import-replies", stick).out().contains("stored before"));
    assertEquals(1, fx.count("SELECT count(*) FROM replies WHERE submission_id = '" + id + "'"));

    // A consent request goes the same way: sealed to the defender, carried on the stick, stored by the operator.
    console(0, "consent", "request", id, "--action", "un", "--text", "Asked from the offline workstation", "--out", stick, "--home", home);
    assertTrue(gateway(fx, 0, "offline", "import-replies", stick).out().contains("1 consent request(s) stored"));

    HttpResponse<String> visit = fx.checkIn("en", cookie, receipt);
    assertEquals(200, visit.statusCode());
    assertTrue(visit.body().contains(reply), "the defender reads the reply at check-in");
    assertTrue(visit.body().contains("Asked from the offline workstation"), "and the reviewers' question");
  }

  @Test
  void import_flippedByteWrongSizeOrBadLogProof_refusedWithNothingKept_thenAGoodStickImports() throws Exception {
    Path home = Files.createTempDirectory(dir, "tamper-home");
    Path flipped = exportTo("flipped");
    String id = onlyItem(flipped);
    Path blob = flipped.resolve(id).resolve("1-file.age");
    byte[] b = Files.readAllBytes(blob);
    b[b.length / 2] ^= 1;
    Files.write(blob, b);
    Result r = console(5, "import", flipped, "--home", home);
    assertTrue(r.err().contains("refused " + id + ": 1-file.age does not match the SHA-256"), r.err());
    assertTrue(r.err().contains("offline export --all"), "says what to do next\n" + r.err());
    assertEquals(List.of(), names(home.resolve("submissions")), "nothing kept, no hidden leftovers");

    Path cut = exportTo("cut");
    Path cutBlob = cut.resolve(id).resolve("1-file.age");
    Files.write(cutBlob, Arrays.copyOf(Files.readAllBytes(cutBlob), (int) Files.size(cutBlob) - 10));
    r = console(5, "import", cut, "--home", home);
    assertTrue(r.err().contains("1-file.age is shorter than"), r.err());
    assertEquals(List.of(), names(home.resolve("submissions")));

    Path badProof = exportTo("bad-proof"); // the leaf claimed at another position in the log
    Path itemFile = badProof.resolve(id).resolve("item.json");
    JsonObject item = new JsonObject(Files.readString(itemFile));
    JsonObject leaf = item.getJsonObject("log").getJsonArray("leaves").getJsonObject(0);
    leaf.put("index", leaf.getLong("index") + 1);
    Files.writeString(itemFile, item.encode());
    r = console(5, "import", badProof, "--home", home);
    assertTrue(r.err().contains("log proofs do not verify"), r.err());
    assertEquals(List.of(), names(home.resolve("submissions")));

    assertTrue(console(0, "import", exportTo("good"), "--home", home).out().contains(id + "  imported"));
    assertEquals(List.of(id), names(home.resolve("submissions")));
  }

  @Test
  void pull_partLeftByAnInterruptedPull_continuesWithARangeAndChecksTheWhole() throws Exception {
    Path home = Files.createTempDirectory(dir, "resume-home");
    reviewer.login(fx, home);
    String id = firstId(console(0, "pull", "--home", home).out());
    Path folder = home.resolve("submissions").resolve(id);
    Path blob = folder.resolve("1-file.age");
    Path part = folder.resolve(".1-file.age.part");
    byte[] whole = Files.readAllBytes(blob);
    int half = whole.length / 2;

    // Cut off halfway: the next pull asks for the rest only and ends with the verified whole.
    Files.write(part, Arrays.copyOf(whole, half));
    Files.delete(blob);
    Result resumed = console(0, "pull", "--home", home);
    assertTrue(resumed.out().contains("1-file.age resumed at"), resumed.out());
    assertArrayEquals(whole, Files.readAllBytes(blob));
    assertFalse(Files.exists(part));

    // A damaged part is caught by the hash of the whole (proof that only the rest was fetched), and removed.
    byte[] damaged = Arrays.copyOf(whole, half);
    damaged[half / 2] ^= 1;
    Files.write(part, damaged);
    Files.delete(blob);
    Result refused = console(5, "pull", "--home", home);
    assertTrue(refused.err().contains("does not match the SHA-256"), refused.err());
    assertFalse(Files.exists(part) || Files.exists(blob));
    assertFalse(console(0, "pull", "--home", home).out().contains("resumed"));
    assertArrayEquals(whole, Files.readAllBytes(blob));
  }

  @Test
  void importReplies_unsealedOrUnknownSubmission_refusedAndLeftInPlace() throws Exception {
    Path stick = Files.createDirectory(dir.resolve("replies-" + UUID.randomUUID()));
    String known = firstId(fx.texts("SELECT id::text FROM submissions").toString());
    Path unsealed = Files.writeString(stick.resolve("reply-" + known + "-00000000000000aa.age"), "plain words, not sealed");
    Path unknown = Files.writeString(stick.resolve("reply-" + UUID.randomUUID() + "-00000000000000bb.age"), "age-encryption.org/v1\n");
    long before = fx.count("SELECT count(*) FROM replies");

    Result r = gateway(fx, 1, "offline", "import-replies", stick);
    assertTrue(r.out().contains("REFUSED: a reply must be sealed") && r.out().contains("REFUSED: no committed submission"), r.out());
    assertTrue(r.err().contains("2 reply file(s) were not stored"), r.err());
    assertTrue(Files.exists(unsealed) && Files.exists(unknown), "refused files stay as they are");
    assertEquals(before, fx.count("SELECT count(*) FROM replies"));
  }

  // ---- helpers

  /** A fresh folder with every submission exported to it. */
  private static Path exportTo(String name) {
    Path stick = dir.resolve(name + "-" + UUID.randomUUID());
    gateway(fx, 0, "offline", "export", "--to", stick, "--log-key", fx.logKey());
    return stick;
  }

  private static String onlyItem(Path stick) throws Exception {
    List<String> ids = names(stick).stream().filter(n -> ReviewerAtConsole.ID.matcher(n).matches()).toList();
    assertEquals(1, ids.size(), ids.toString());
    return ids.getFirst();
  }

  /** No byte sequence of the evidence or the report lies anywhere on the stick. */
  private static void assertNoPlaintext(Path stick) throws Exception {
    byte[] probe = Arrays.copyOfRange(EVIDENCE, 1000, 1032);
    try (Stream<Path> s = Files.walk(stick)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertFalse(content.contains(new String(probe, StandardCharsets.ISO_8859_1)) || content.contains(REPORT), p.toString());
      }
    }
  }

  private static List<String> names(Path folder) throws Exception {
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Every file below {@code root}: modification time and size, to show that nothing changed. */
  private static Map<String, Long> snapshot(Path root) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) m.put(root.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis() * 1_000_000 + Files.size(p));
    }
    return m;
  }
}

package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amana.crypto.X25519Identity;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.LogHash;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.crypto.tlog.Proofs;
import org.amana.gateway.integrity.Sweep;
import org.amana.gateway.integrity.SweepReport;
import org.amana.storage.LogLeaf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The integrity log end to end on a real gateway and PostgreSQL: receipts and check-in show the
 * log, outsiders can verify checkpoints and proofs, and the corruption battery — each kind of
 * damage, alone, is found by one sweep with a message that names it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntegrityTest {
  private static final Pattern FINGERPRINT = Pattern.compile("Fingerprint of your submission: \u2068([0-9a-f]{4} [0-9a-f]{4})\u2069\\. "
      + "It is entry (\\d+)");
  private static GatewayFixture fx;
  private static NoteVerifier verifier;
  private static final List<String> receipts = new ArrayList<>();
  /** Leaves once the four submissions are in: each has its leaf and its consent_given custody leaf. */
  private static long size;

  @BeforeAll
  static void start() throws Exception {
    fx = GatewayFixture.start("integrity", Limits.defaults());
    try (X25519Identity id = X25519Identity.generate()) {
      fx.gateway().store().addRecipient(id.recipient().encoded(), "test", null).await();
    }
    verifier = NoteVerifier.parse(fx.get("/log/key", null).body());
    for (int i = 0; i < 4; i++) {
      String cookie = fx.session("en");
      Multipart form = new Multipart().field("report", "report " + i)
          .file("files", "a.bin", "application/octet-stream", ("first file " + i).repeat(30000).getBytes(StandardCharsets.UTF_8))
          .file("files", "b.txt", "text/plain", ("second " + i).getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> page = fx.submit("en", cookie, form);
      assertEquals(200, page.statusCode(), page.body());
      Matcher m = FINGERPRINT.matcher(page.body());
      assertTrue(m.find(), page.body());
      LogLeaf leaf = fx.gateway().store().logLeaves(Long.parseLong(m.group(2)), 1).await().getFirst();
      assertEquals(m.group(1).replace(" ", ""), java.util.HexFormat.of().formatHex(leaf.hash()).substring(0, 8));
      receipts.add(GatewayFixture.receipt(page.body()));
    }
    fx.gateway().log().signIfGrown().await();
    size = fx.gateway().store().logSize().await();
    assertEquals(8, size, "a submission leaf and a consent_given leaf per submission");
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  @Order(1)
  void checkIn_intactSubmission_saysIncludedInCheckpoint() throws Exception {
    String cookie = fx.session("en");
    HttpResponse<String> visit = fx.checkIn("en", cookie, receipts.get(1));
    assertEquals(200, visit.statusCode());
    assertTrue(visit.body().contains("is intact and included in checkpoint " + size + " of our signed evidence log"), visit.body());
    HttpResponse<String> ar = fx.checkIn("ar", fx.session("ar"), receipts.get(1));
    assertTrue(ar.body().contains("سليم، ومُدرَج في نقطة التحقق رقم " + size), ar.body());
  }

  @Test
  @Order(2)
  void checkpointAndProofs_verifiedByAnOutsider() throws Exception {
    String note = fx.get("/log/checkpoint", null).body();
    Checkpoint cp = Checkpoint.parse(verifier.verify(note));
    assertEquals(size, cp.size());
    assertEquals(note, new String(fx.apiGet("/log/checkpoint", null).body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    List<byte[]> leaves = fx.gateway().store().leafHashes(0, size).await();
    for (int i = 0; i < size; i++) {
      JsonObject r = new JsonObject(fx.apiGet("/log/proof/inclusion?index=" + i + "&size=" + size, null).body());
      assertTrue(Proofs.verifyInclusion(i, size, leaves.get(i), hashes(r.getJsonArray("proof")), cp.root()), "leaf " + i);
    }
    byte[] root2 = LogHash.root(leaves.subList(0, 2));
    JsonObject c = new JsonObject(fx.apiGet("/log/proof/consistency?from=2&to=" + size, null).body());
    assertTrue(Proofs.verifyConsistency(2, size, root2, cp.root(), hashes(c.getJsonArray("proof"))));
    assertEquals(400, fx.apiGet("/log/proof/inclusion?index=" + (size + 5) + "&size=" + size, null).statusCode());
    assertEquals(400, fx.apiGet("/log/proof/inclusion?index=x&size=" + size, null).statusCode());
  }

  @Test
  @Order(3)
  void verifyCommandAndHealth_cleanStore_ok() throws Exception {
    StringWriter out = new StringWriter();
    int exit = GatewayMain.run(new String[] {"verify", "--database-url", fx.databaseUrl(), "--log-key", fx.logKey().toString()},
        new PrintWriter(out, true), new PrintWriter(out, true));
    assertEquals(0, exit, out.toString());
    assertTrue(out.toString().contains("OK: nothing is missing"), out.toString());
    fx.gateway().sweepNow();
    JsonObject health = new JsonObject(fx.apiGet("/health/integrity", null).body());
    assertTrue(health.getBoolean("ok"));
    assertEquals(0, health.getInteger("findings"));
  }

  // ---- the corruption battery: each damage alone, found by one sweep, then undone

  @Test
  @Order(4)
  void battery_eachDamage_foundByOneSweepAndNamed() throws Exception {
    assertClean();
    String file = fx.texts("SELECT b.id::text FROM blobs b WHERE kind = 'file' AND ordinal = 1 ORDER BY id LIMIT 1").getFirst();
    String sub = fx.texts("SELECT submission_id::text FROM blobs WHERE id = '" + file + "'").getFirst();

    String flip = "UPDATE blob_chunks SET data = set_byte(data, 100, get_byte(data, 100) # 1) WHERE blob_id = '" + file + "' AND idx = 0";
    fx.sql(flip);
    expect(f -> f.contains("submission " + sub + " file 1") && f.contains("altered chunk"));
    fx.sql(flip);
    assertClean();

    fx.sql("CREATE TABLE saved_chunk AS SELECT * FROM blob_chunks WHERE blob_id = '" + file + "' AND idx = 1");
    fx.sql("DELETE FROM blob_chunks WHERE blob_id = '" + file + "' AND idx = 1");
    expect(f -> f.contains("submission " + sub + " file 1") && f.contains("truncated"));
    fx.sql("INSERT INTO blob_chunks SELECT * FROM saved_chunk");
    assertClean();

    String added = "0f0e0d0c-0b0a-4908-8706-050403020100";
    fx.sql("INSERT INTO submissions (id, received_on, state) VALUES ('" + added + "', current_date, 'committed')");
    expect(f -> f.contains("submission " + added) && f.contains("added row"));
    fx.sql("DELETE FROM submissions WHERE id = '" + added + "'");
    assertClean();

    // An attacker who owns the database can drop the append-only guard; the sweep does not rely on it.
    fx.sql("ALTER TABLE log_leaves DISABLE TRIGGER USER");
    fx.sql("ALTER TABLE checkpoints DISABLE TRIGGER USER");
    // Altered with care: a commitment byte changed and the leaf hash recomputed, so the row is self-consistent.
    String alter = "UPDATE log_leaves SET data = set_byte(data, 22, get_byte(data, 22) # 255) WHERE idx = 2";
    String rehash = "UPDATE log_leaves SET hash = sha256('\\x00'::bytea || data) WHERE idx = 2";
    fx.sql(alter);
    fx.sql(rehash);
    expect(f -> f.startsWith("checkpoint ") && f.contains("were altered, swapped or replaced")); // which checkpoint: whichever first covered leaf 2
    fx.sql(alter);
    fx.sql(rehash);
    assertClean();

    String swap = "UPDATE log_leaves l SET data = o.data, hash = o.hash, submission_id = o.submission_id, kind = o.kind "
        + "FROM log_leaves o WHERE (l.idx, o.idx) IN ((1, 2), (2, 1))";
    fx.sql(swap);
    expect(f -> f.startsWith("checkpoint ") && f.contains("were altered, swapped or replaced"));
    fx.sql(swap);
    assertClean();

    fx.sql("CREATE TABLE saved_checkpoint AS SELECT * FROM checkpoints WHERE size = " + size);
    fx.sql("UPDATE checkpoints SET note = overlay(note placing (CASE WHEN substr(note, length(note) - 5, 1) = 'A' THEN 'B' ELSE 'A' END)"
        + " from length(note) - 5 for 1) WHERE size = " + size);
    expect(f -> f.contains("checkpoint " + size) && f.contains("replaced or forged"));
    fx.sql("DELETE FROM checkpoints WHERE size = " + size);
    fx.sql("INSERT INTO checkpoints SELECT * FROM saved_checkpoint");
    assertClean();
    fx.sql("UPDATE checkpoints SET root = sha256(root) WHERE size = " + size);
    expect(f -> f.contains("checkpoint " + size) && f.contains("differs from its signed note"));
    fx.sql("DELETE FROM checkpoints WHERE size = " + size);
    fx.sql("INSERT INTO checkpoints SELECT * FROM saved_checkpoint");
    assertClean();

    // A withdrawal deleted, so that reviewers would act again: the consent leaves still name it.
    fx.sql("CREATE TABLE saved_event AS SELECT * FROM consent_events WHERE submission_id = '" + sub + "'");
    fx.sql("DELETE FROM consent_events WHERE submission_id = '" + sub + "'");
    expect(f -> f.contains("submission " + sub) && f.contains("deleted consent event"));
    fx.sql("INSERT INTO consent_events OVERRIDING SYSTEM VALUE SELECT * FROM saved_event");
    assertClean();

    // Destructive ones last: not undone.
    String deleted = fx.texts("SELECT submission_id::text FROM log_leaves WHERE idx = 0").getFirst();
    fx.sql("DELETE FROM submissions WHERE id = '" + deleted + "'");
    expect(f -> f.contains("submission " + deleted) && f.contains("deleted row"));

    // A rollback as a restored backup makes it: the newest leaves and checkpoints gone. The witness file remembers.
    fx.sql("DELETE FROM log_leaves WHERE idx >= 2");
    fx.sql("DELETE FROM checkpoints WHERE size > 2");
    expect(f -> f.contains("checkpoint " + size + " was signed") && f.contains("rolled back"));
  }

  private static SweepReport sweep() {
    Sweep s = new Sweep(fx.gateway().store(), verifier, fx.logKey().resolveSibling("log-checkpoint.txt"), Clock.systemUTC());
    return s.run();
  }

  private static void assertClean() {
    SweepReport r = sweep();
    assertTrue(r.ok(), r.text());
    assertEquals(size, r.leaves());
    assertTrue(r.sealedBytes() > 4 * 300000, r.text());
  }

  private static void expect(Predicate<String> finding) {
    SweepReport r = sweep();
    assertFalse(r.ok(), "not detected");
    assertTrue(r.findings().stream().anyMatch(finding), r.text());
  }

  private static List<byte[]> hashes(JsonArray a) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) out.add(Base64.getDecoder().decode(a.getString(i)));
    return out;
  }
}

package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.amana.crypto.Age;
import org.amana.crypto.X25519Identity;
import org.amana.gateway.strip.CanaryScan;
import org.amana.gateway.strip.Corpus;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobKind;
import org.amana.storage.SubmissionSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every file of the metadata corpus ({@code ../shared/corpus/metadata/}) through the real HTTP
 * path, one submission each, as a defender who keeps the preselected answer "remove": the stored
 * file is opened with a reviewer's key and checked by {@link CanaryScan} (a byte search through
 * every encoding and container, and exiftool) and by {@link StoredFileCheck} (it is still a valid
 * file of its type). Files the manifest allows to be refused ({@code [reject-ok]}) may instead
 * bring the "could not be cleaned" page, where the defender cancels. Prints a per-file table.
 */
class MetadataCorpusTest {
  private static GatewayFixture fx;
  private static X25519Identity reviewer;
  private static io.vertx.core.Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    vertx = io.vertx.core.Vertx.vertx();
    fx = GatewayFixture.start("metadata-corpus", Limits.defaults());
    reviewer = X25519Identity.generate();
    fx.gateway.store().addRecipient(reviewer.recipient().encoded(), "corpus test", null).await();
  }

  @AfterAll
  static void stop() throws Exception {
    if (reviewer != null) reviewer.close();
    if (fx != null) fx.close();
    if (vertx != null) vertx.close().await();
  }

  @Test
  void everyCorpusFile_throughTheSite_zeroCanariesSurviveAndTheFileStaysValid() throws Exception {
    assumeTrue(Corpus.present() || !"true".equals(System.getenv("CI")), "the corpus must be present under CI");
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
    List<String> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int committed = 0;
    for (Corpus.Entry e : Corpus.entries()) {
      String cookie = fx.session("en");
      HttpResponse<String> page = fx.submit("en", cookie, new Multipart().field("report", "corpus: " + e.file())
          .field("metadata", "remove").file("files", e.file(), "application/octet-stream", e.bytes()));
      if (page.statusCode() != 200) {
        problems.add(e.file() + ": HTTP " + page.statusCode());
        rows.add(row(e.file(), "HTTP " + page.statusCode(), "", "", ""));
        continue;
      }
      if (GatewayFixture.asksForDecision(page.body())) {
        if (!e.rejectOk()) problems.add(e.file() + ": could not be cleaned, but the corpus expects it to be");
        assertTrue(page.body().contains(e.file()), "the page names the file");
        // A bomb may not be sent even at the defender's word; a damaged file may.
        String offered = page.body().contains("name=\"send_1\"") ? "may be sent as it is" : "may not be sent";
        HttpResponse<String> cancelled = fx.cancel("en", cookie, page.body());
        assertEquals(200, cancelled.statusCode());
        fx.assertNothingHalfStored(committed);
        rows.add(row(e.file(), "not cleaned: defender asked (" + offered + "), cancelled", "-", "-", "nothing stored"));
        continue;
      }
      GatewayFixture.receipt(page.body());
      committed++;
      Opened opened = openLatest(committed);
      JsonObject f = opened.manifest().getJsonArray("files").getJsonObject(0);
      JsonObject metadata = f.getJsonObject("metadata");
      List<String> survivors = CanaryScan.survivors(opened.file(), e.markers());
      String validity;
      try {
        validity = StoredFileCheck.check(f.getString("detectedType"), opened.file());
      } catch (AssertionError | Exception invalid) {
        validity = "INVALID: " + invalid.getMessage();
        problems.add(e.file() + ": stored file is not valid: " + invalid.getMessage());
      }
      if (!survivors.isEmpty()) problems.add(e.file() + ": markers survive: " + survivors);
      if (!e.markers().isEmpty() && !"removed".equals(metadata.getString("status"))) {
        problems.add(e.file() + ": status " + metadata.getString("status") + " for a file with markers");
      }
      if (e.markers().isEmpty() && !sha256(e.bytes()).equals(f.getString("sha256Stored"))) {
        problems.add(e.file() + ": the control file was changed");
      }
      if (!sha256(e.bytes()).equals(f.getString("sha256Received"))) problems.add(e.file() + ": sha256Received is wrong");
      if (!sha256(opened.file()).equals(f.getString("sha256Stored"))) problems.add(e.file() + ": sha256Stored is wrong");
      rows.add(row(e.file(), metadata.getString("status") + " " + metadata.getJsonArray("removed").encode(),
          String.valueOf(survivors.size()), f.getString("detectedType"), validity));
    }
    System.out.println(table(rows));
    assertEquals(List.of(), problems, table(rows));
  }

  private record Opened(JsonObject manifest, byte[] file) {}

  /** The newest committed submission's manifest and first file, opened with the reviewer's key. */
  private static Opened openLatest(int expectedCount) throws Exception {
    List<SubmissionSummary> all = fx.gateway.store().listCommitted().await();
    assertEquals(expectedCount, all.size());
    Set<String> seen = opened;
    SubmissionSummary latest = all.stream().filter(s -> !seen.contains(s.id().toString())).findFirst().orElseThrow();
    opened.add(latest.id().toString());
    List<BlobInfo> blobs = fx.gateway.store().blobs(latest.id()).await();
    JsonObject manifest = null;
    byte[] file = null;
    for (BlobInfo b : blobs) {
      byte[] plain = open(read(b));
      if (b.kind() == BlobKind.MANIFEST) manifest = new JsonObject(new String(plain, StandardCharsets.UTF_8));
      else file = plain;
    }
    return new Opened(manifest, file);
  }

  private static final Set<String> opened = new java.util.HashSet<>();

  /** The sealed bytes, read on a Vert.x context: the stream's handlers belong there, not on this thread. */
  private static byte[] read(BlobInfo b) throws Exception {
    Buffer all = Buffer.buffer();
    var done = new java.util.concurrent.CompletableFuture<Void>();
    vertx.getOrCreateContext().runOnContext(v -> fx.gateway.store().readBlob(b.id())
        .onFailure(done::completeExceptionally)
        .onSuccess(stream -> stream.handler(all::appendBuffer).exceptionHandler(done::completeExceptionally)
            .endHandler(end -> done.complete(null))));
    done.get(2, java.util.concurrent.TimeUnit.MINUTES);
    return all.getBytes();
  }

  private static byte[] open(byte[] sealed) throws Exception {
    try (InputStream in = Age.open(new ByteArrayInputStream(sealed), List.of(reviewer))) {
      return in.readAllBytes();
    }
  }

  private static String row(String... cells) {
    return String.join(" | ", cells);
  }

  private static String table(List<String> rows) {
    return rows.stream().collect(Collectors.joining("\n", "\nfile | metadata | survivors | stored type | validity\n", "\n"));
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}

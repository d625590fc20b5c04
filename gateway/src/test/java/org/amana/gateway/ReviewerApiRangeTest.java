package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.buffer.Buffer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobKind;
import org.amana.storage.BlobWriter;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The blob endpoint resumes a download: "Range: bytes=N-" gets 206 and exactly the bytes from N on,
 * across the blob's chunk rows (stored here in uneven sizes); a range it does not serve gets the
 * whole blob (200), and a malformed one or one past the end gets 416 with the blob's size.
 */
class ReviewerApiRangeTest {
  private static final int[] CHUNK_EDGES = {0, 700, 1000, 2500};
  private static final byte[] CONTENT = new byte[2500];
  private static GatewayFixture fx;
  private static String session;
  private static BlobInfo blob;

  @BeforeAll
  static void start() throws Exception {
    fx = GatewayFixture.start("reviewer-api-range", Limits.defaults());
    session = fx.reviewerSession();
    new Random(7).nextBytes(CONTENT);
    Store store = fx.gateway.store();
    SubmissionId s = store.beginSubmission().await();
    BlobWriter writer = store.openBlob(s, BlobKind.FILE, 1).await();
    for (int i = 0; i + 1 < CHUNK_EDGES.length; i++) {
      writer.append(Buffer.buffer(Arrays.copyOfRange(CONTENT, CHUNK_EDGES[i], CHUNK_EDGES[i + 1]))).await();
    }
    blob = writer.finish(CONTENT.length, sha256(CONTENT)).await();
    byte[] manifest = "age-encryption.org/v1\nstand-in manifest".getBytes(StandardCharsets.US_ASCII);
    store.commit(s, Buffer.buffer(manifest), sha256(manifest), UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII),
        "age1standin", new byte[32]).await();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void blob_noRange_200WholeAndSaysRangesWork() throws Exception {
    HttpResponse<byte[]> r = get(null);
    assertEquals(200, r.statusCode());
    assertArrayEquals(CONTENT, r.body());
    assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElse(""));
    assertFalse(r.headers().firstValue("Content-Range").isPresent());
  }

  @ParameterizedTest
  @CsvSource({"bytes=1-, 1", "bytes=699-, 699", "bytes=700-, 700", "bytes=701-, 701", "bytes=1000-, 1000",
    "bytes=2499-, 2499", "bytes=-100, 2400", "bytes=-9999, 0", "bytes=5-2499, 5", "bytes=5-99999, 5", "BYTES=1250-, 1250"})
  void blob_rangeToTheEnd_206WithExactlyThoseBytes(String range, int first) throws Exception {
    HttpResponse<byte[]> r = get(range);
    if (first == 0) { // the whole blob, asked as a range: 200 is as right as 206
      assertEquals(200, r.statusCode());
      assertArrayEquals(CONTENT, r.body());
      return;
    }
    assertEquals(206, r.statusCode(), range);
    assertEquals("bytes " + first + "-2499/2500", r.headers().firstValue("Content-Range").orElse(""), range);
    assertArrayEquals(Arrays.copyOfRange(CONTENT, first, CONTENT.length), r.body(), range);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=5-10", "bytes=0-1,5-", "items=5-", "bytes=0-"})
  void blob_rangeNotServed_200Whole(String range) throws Exception {
    HttpResponse<byte[]> r = get(range);
    assertEquals(200, r.statusCode(), range);
    assertArrayEquals(CONTENT, r.body(), range);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=2500-", "bytes=99999-", "bytes=9-5", "bytes=-0", "bytes=abc", "bytes=-", "bytes=1-2-3",
    "bytes=99999999999999999999-"})
  void blob_rangeMalformedOrPastTheEnd_416WithSize(String range) throws Exception {
    HttpResponse<byte[]> r = get(range);
    assertEquals(416, r.statusCode(), range);
    assertEquals("bytes */2500", r.headers().firstValue("Content-Range").orElse(""), range);
    assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("Exception"));
  }

  @Test
  void blob_rangeOfUnknownBlob_404() throws Exception {
    HttpRequest req = fx.request(fx.api("/api/v1/blobs/" + UUID.randomUUID())).header("Authorization", "Bearer " + session)
        .header("Range", "bytes=5-").GET().build();
    assertEquals(404, fx.http.send(req, BodyHandlers.ofByteArray()).statusCode());
  }

  private static HttpResponse<byte[]> get(String range) throws Exception {
    HttpRequest.Builder b = fx.request(fx.api("/api/v1/blobs/" + blob.id())).header("Authorization", "Bearer " + session).GET();
    if (range != null) b.header("Range", range);
    return fx.http.send(b.build(), BodyHandlers.ofByteArray());
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}

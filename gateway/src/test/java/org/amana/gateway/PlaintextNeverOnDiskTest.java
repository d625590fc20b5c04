package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.amana.crypto.X25519Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plaintext never touches disk: a canary made fresh for this run (it exists nowhere before the
 * test, and the test never writes it) goes in the report, a file name and all through two files —
 * one committed, one cut off mid-upload. After PostgreSQL's CHECKPOINT has written every page,
 * the database folder, every temporary folder and the working directory are searched byte by
 * byte: no hit, in UTF-8 or UTF-16.
 */
class PlaintextNeverOnDiskTest {
  private static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = GatewayFixture.start("plaintext-canary", Limits.defaults());
    try (X25519Identity reviewer = X25519Identity.generate()) {
      fx.gateway.store().addRecipient(reviewer.recipient().encoded(), "canary test", null).await();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void submission_canaryInReportAndFiles_neverFoundOnDisk() throws Exception {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String canary = "amana-canary-" + HexFormat.of().formatHex(random);
    byte[] marker = canary.getBytes(StandardCharsets.UTF_8);

    String cookie = fx.session("en");
    HttpResponse<String> receipt = fx.submit("en", cookie, new Multipart()
        .field("report", "The witness said: " + canary + ". شاهد " + canary)
        .field("contact", "channel").field("contact_channel", "signal " + canary)
        .file("files", "evidence-" + canary + ".txt", "text/plain", ("notes " + canary + "\n").repeat(500).getBytes(StandardCharsets.UTF_8))
        .file("files", "recording.bin", "application/octet-stream", () -> new GeneratedBytes(24L << 20, 41, marker)));
    // Both files waited in the encrypted spool to be cleaned; the recording could not be, and is sent as it is.
    assertTrue(GatewayFixture.asksForDecision(receipt.body()), receipt.body());
    receipt = fx.decide("en", cookie, receipt.body(), true);
    assertEquals(200, receipt.statusCode(), "the submission is accepted");
    assertTrue(receipt.body().contains(canary), "the receipt page names the file, so the canary did pass through");
    cutOffUpload(cookie, marker);
    fx.assertNothingHalfStored(1);

    fx.sql("CHECKPOINT"); // every dirty page and the write-ahead log on disk
    Path control = controlFile();
    try {
      DiskSearch search = new DiskSearch(List.of(marker, canary.getBytes(StandardCharsets.UTF_16LE),
          canary.getBytes(StandardCharsets.UTF_16BE), CONTROL)).under(fx.folder, Path.of(System.getProperty("java.io.tmpdir")),
          Path.of("/tmp"), Path.of("/var/tmp"), Path.of("/dev/shm"), Path.of("").toAbsolutePath());
      assertEquals(List.of(control + ": needle #3"), search.hits(), "only the control file may match; " + search.summary());
      assertTrue(search.filesSearched() > 100, search.summary());
    } finally {
      Files.delete(control);
    }
  }

  /** Proves the search reads the working directory: a file with a different, harmless marker, made for this run. */
  private static final byte[] CONTROL = ("amana-disk-search-control-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);

  private static Path controlFile() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "canary-control").toAbsolutePath());
    return Files.write(dir.resolve("control.bin"), CONTROL);
  }

  /** Half a file with the canary in it, then the connection drops: sealed chunks were stored, then removed. */
  private static void cutOffUpload(String cookie, byte[] marker) throws Exception {
    String head = "--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", fx.gateway.sitePort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /en/submit?csrf=" + cookie + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + GatewayFixture.CSRF_COOKIE
          + "=" + cookie + "\r\nContent-Type: " + new Multipart().contentType() + "\r\nContent-Length: " + (64 << 20)
          + "\r\n\r\n" + head).getBytes(StandardCharsets.UTF_8));
      new GeneratedBytes(4L << 20, 43, marker).transferTo(out);
      out.flush();
      Thread.sleep(500);
    }
  }
}

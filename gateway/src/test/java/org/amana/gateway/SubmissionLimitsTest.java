package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.amana.crypto.X25519Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits, through the real gateway and database: every refused upload gets a clear 4xx page (or,
 * when the gateway stops reading a large body, a closed connection) and leaves nothing behind — no
 * new committed submission, nothing left receiving, no blob or chunk of it.
 */
class SubmissionLimitsTest {
  private static final int MIB = 1 << 20;
  private static final Limits LIMITS = new Limits(MIB, MIB + MIB / 2, 2, 1_000, 200, 16, 16 * 1024);
  /** A status for "the gateway closed the connection before its page arrived". */
  private static final int CLOSED = -1;

  private static GatewayFixture fx;
  private String cookie;
  private int committed;

  @BeforeAll
  static void start() throws Exception {
    fx = GatewayFixture.start("limits", LIMITS);
    try (X25519Identity reviewer = X25519Identity.generate()) {
      fx.gateway.store().addRecipient(reviewer.recipient().encoded(), "limits test", null).await();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @BeforeEach
  void session() throws Exception {
    cookie = fx.session("en");
    committed = fx.gateway.store().listCommitted().await().size();
  }

  @Test
  void submit_withinLimits_isAccepted() throws Exception {
    HttpResponse<String> r = fx.submit("en", cookie, new Multipart().field("report", "x".repeat(1_000))
        .file("files", "a.bin", "application/octet-stream", () -> new GeneratedBytes(MIB, 1, null))
        .file("files", "b.bin", "application/octet-stream", () -> new GeneratedBytes(MIB / 2, 2, null)));
    assertEquals(200, r.statusCode(), r.body());
    // Random bytes are no format a stripper knows: the defender is asked, and sends them as they are.
    assertTrue(GatewayFixture.asksForDecision(r.body()), r.body());
    HttpResponse<String> receipt = fx.decide("en", cookie, r.body(), true);
    assertEquals(200, receipt.statusCode(), receipt.body());
    GatewayFixture.receipt(receipt.body());
    fx.assertNothingHalfStored(committed + 1);
  }

  @Test
  void submit_fileOneByteOverLimit_refusedWith413AndNothingStored() throws Exception {
    assertRefused(413, "A file is too large", multipartStatus(new Multipart().field("report", "r")
        .file("files", "big.bin", "application/octet-stream", () -> new GeneratedBytes(MIB + 1, 3, null))));
  }

  @Test
  void submit_fileFarOverLimit_refusedOrCutAndNothingStored() throws Exception {
    Page page = multipartStatus(new Multipart().field("report", "r")
        .file("files", "huge.bin", "application/octet-stream", () -> new GeneratedBytes(64L * MIB, 4, null)));
    assertTrue(page.status == 413 || page.status == CLOSED, "status " + page.status);
    if (page.status == 413) assertTrue(page.body.contains("A file is too large"));
    fx.assertNothingHalfStored(committed);
  }

  @Test
  void submit_filesTogetherOverTotal_refusedWith413AndNothingStored() throws Exception {
    assertRefused(413, "The files are too large together", multipartStatus(new Multipart()
        .file("files", "a.bin", "application/octet-stream", () -> new GeneratedBytes(MIB, 5, null))
        .file("files", "b.bin", "application/octet-stream", () -> new GeneratedBytes(MIB, 6, null))));
  }

  @Test
  void submit_tooManyFiles_refusedWith400AndNothingStored() throws Exception {
    assertRefused(400, "Too many files", multipartStatus(new Multipart().field("report", "r")
        .file("files", "1.txt", "text/plain", "one".getBytes(StandardCharsets.UTF_8))
        .file("files", "2.txt", "text/plain", "two".getBytes(StandardCharsets.UTF_8))
        .file("files", "3.txt", "text/plain", "three".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void submit_tooManyParts_refusedWith4xxAndNothingStored() throws Exception {
    Multipart form = new Multipart().file("files", "1.txt", "text/plain", "one".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 40; i++) form.field("extra" + i, "v");
    assertRefused(400, null, multipartStatus(form));
  }

  @Test
  void submit_reportOneCharOverLimit_refusedWith413AndNothingStored() throws Exception {
    assertRefused(413, "The text is too long", multipartStatus(new Multipart().field("report", "ب".repeat(1_001))
        .file("files", "1.txt", "text/plain", "one".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void submit_reportFarOverLimit_refusedWith4xxAndNothingStored() throws Exception {
    Page page = multipartStatus(new Multipart().field("report", "x".repeat(200_000)));
    assertTrue(page.status == 413 || page.status == 400, "status " + page.status);
    fx.assertNothingHalfStored(committed);
  }

  @Test
  void submit_otherFieldOverLimit_refusedWith413AndNothingStored() throws Exception {
    assertRefused(413, "An answer is too long", multipartStatus(new Multipart().field("report", "r")
        .field("contact", "channel").field("contact_channel", "c".repeat(201))));
  }

  @Test
  void submit_emptyForm_refusedWith400AndNothingStored() throws Exception {
    assertRefused(400, "Nothing to send", multipartStatus(new Multipart().field("report", "   ")));
  }

  @Test
  void submit_garbageWithMultipartType_refusedWith400AndNothingStored() throws Exception {
    byte[] garbage = new byte[256 * 1024];
    new java.util.Random(7).nextBytes(garbage);
    assertRefused(400, "The form could not be read", postRaw(garbage));
  }

  @Test
  void submit_bodyEndsInsideFile_refusedWith400AndNothingStored() throws Exception {
    // Before the gateway checked for the close delimiter, this waited forever for the file's end.
    assertRefused(400, "The form could not be read", postRaw(("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; "
        + "name=\"report\"\r\n\r\nr\r\n--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; "
        + "filename=\"a.txt\"\r\n\r\nthe file goes on and then the body just ends").getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void submit_bodyEndsInsidePartHeaders_refusedWith400AndNothingStored() throws Exception {
    // Before the check, this committed the parts before the cut and showed a receipt.
    assertRefused(400, "The form could not be read", postRaw(("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; "
        + "name=\"files\"; filename=\"a.txt\"\r\n\r\nsome bytes\r\n--" + Multipart.BOUNDARY + "\r\nContent-Dispo")
        .getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void submit_bodyEndsWithoutCloseDelimiter_refusedWith400AndNothingStored() throws Exception {
    assertRefused(400, "The form could not be read", postRaw(("--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; "
        + "name=\"report\"\r\n\r\nr\r\n--" + Multipart.BOUNDARY + "\r\n").getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void submit_notMultipart_refusedWith400AndNothingStored() throws Exception {
    Page page;
    try {
      HttpResponse<String> r = fx.send(fx.request(fx.site("/en/submit?csrf=" + cookie)).timeout(Duration.ofSeconds(20))
          .header("Cookie", GatewayFixture.CSRF_COOKIE + "=" + cookie).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(BodyPublishers.ofString("report=a+report+not+sent+as+the+form+sends+it")).build());
      page = new Page(r.statusCode(), r.body());
    } catch (IOException e) {
      page = new Page(CLOSED, "");
    }
    assertRefused(400, "The form could not be read", page);
  }

  @Test
  void submit_noCsrfToken_refusedWith403AndNothingStored() throws Exception {
    HttpResponse<String> r = fx.submit("en", cookie, null, small());
    assertRefused(403, "This form has expired", new Page(r.statusCode(), r.body()));
  }

  @Test
  void submit_wrongCsrfToken_refusedWith403AndNothingStored() throws Exception {
    String other = fx.session("en");
    HttpResponse<String> r = fx.submit("en", cookie, other, small());
    assertRefused(403, "This form has expired", new Page(r.statusCode(), r.body()));
  }

  @Test
  void submit_noCookie_refusedWith403AndNothingStored() throws Exception {
    HttpResponse<String> r = fx.submit("en", null, cookie, small());
    assertRefused(403, "This form has expired", new Page(r.statusCode(), r.body()));
  }

  @Test
  void submit_connectionDroppedMidFile_leavesNothing() throws Exception {
    String head = "--" + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\nr\r\n--"
        + Multipart.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", fx.gateway.sitePort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /en/submit?csrf=" + cookie + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
          + GatewayFixture.CSRF_COOKIE + "=" + cookie + "\r\nContent-Type: " + new Multipart().contentType()
          + "\r\nContent-Length: " + (10 * MIB) + "\r\n\r\n" + head).getBytes(StandardCharsets.UTF_8));
      new GeneratedBytes(MIB / 2, 8, null).transferTo(out);
      out.flush();
      Thread.sleep(300); // let part of it be sealed and stored
    }
    fx.assertNothingHalfStored(committed);
  }

  @Test
  void submit_headerOverLimit_refusedWith4xxAndNothingStored() throws Exception {
    HttpResponse<String> r;
    try {
      r = fx.send(fx.request(fx.site("/en/submit?csrf=" + cookie)).header("Cookie", GatewayFixture.CSRF_COOKIE + "=" + cookie)
          .header("X-Padding", "p".repeat(20_000)).header("Content-Type", new Multipart().contentType())
          .POST(small().publisher()).build());
    } catch (IOException e) {
      r = null; // closed without a response: also a refusal
    }
    if (r != null) assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, "status " + r.statusCode());
    fx.assertNothingHalfStored(committed);
  }

  private static Multipart small() {
    return new Multipart().field("report", "r").file("files", "1.txt", "text/plain", "one".getBytes(StandardCharsets.UTF_8));
  }

  private record Page(int status, String body) {}

  /** A body as it is, with the form's multipart type, cookie and token; a 20 s wait at most. */
  private Page postRaw(byte[] body) throws InterruptedException {
    try {
      HttpResponse<String> r = fx.send(fx.request(fx.site("/en/submit?csrf=" + cookie)).timeout(Duration.ofSeconds(20))
          .header("Cookie", GatewayFixture.CSRF_COOKIE + "=" + cookie).header("Content-Type", new Multipart().contentType())
          .POST(BodyPublishers.ofByteArray(body)).build());
      return new Page(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Page(CLOSED, e.toString());
    }
  }

  private Page multipartStatus(Multipart form) throws InterruptedException {
    try {
      HttpResponse<String> r = fx.submit("en", cookie, form);
      return new Page(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Page(CLOSED, "");
    }
  }

  private void assertRefused(int status, String title, Page page) throws InterruptedException {
    assertEquals(status, page.status, page.body);
    assertTrue(page.body.contains("<h1>"), "a page that says what happened");
    if (title != null) assertTrue(page.body.contains("<h1>" + title + "</h1>"), page.body);
    fx.assertNothingHalfStored(committed);
  }
}

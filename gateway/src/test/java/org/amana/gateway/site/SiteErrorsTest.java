package org.amana.gateway.site;

import static org.amana.gateway.site.PageChecks.assertPage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Stream;
import org.amana.gateway.ingest.IngestException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Refusals and failures: the right status, a translated page that says what to do, nothing leaked. */
@ExtendWith(VertxExtension.class)
class SiteErrorsTest {
  private SiteFixture site;

  @BeforeEach
  void start(Vertx vertx) {
    site = new SiteFixture(vertx);
  }

  @AfterEach
  void stop() {
    site.close();
  }

  static Stream<Arguments> reasonsAndLanguages() {
    return Stream.of(Reason.values()).flatMap(r -> Stream.of(Arguments.of(r, "en"), Arguments.of(r, "ar")));
  }

  @ParameterizedTest
  @MethodSource("reasonsAndLanguages")
  void submit_refused_statusAndTranslatedPage(Reason reason, String lang) {
    site.intake.behaviour = FakeIntake.fail(reason);
    String token = site.session(lang);
    HttpResponse<Buffer> response = site.postMultipart("/" + lang + "/submit?csrf=" + token, token,
        SiteFixture.submission());
    int expected = switch (reason) {
      case FILE_TOO_LARGE, TOTAL_TOO_LARGE, REPORT_TOO_LONG, FIELD_TOO_LONG -> 413;
      case UNKNOWN_CHECK_IN -> 404;
      case DECISION_EXPIRED -> 410;
      case CONSENT_CHANGED -> 409;
      case UNAVAILABLE -> 503;
      default -> 400;
    };
    assertEquals(expected, response.statusCode());
    String html = assertPage(response, lang);
    Text t = site.messages.in(lang).orElseThrow();
    String key = "error." + reason.name().toLowerCase(Locale.ROOT);
    assertTrue(html.contains("<h1>" + t.h(key + ".title") + "</h1>"), key);
    String message = t.get(key, t.size(SiteFixture.LIMITS.maxFileBytes()), t.size(SiteFixture.LIMITS.maxTotalBytes()),
        SiteFixture.LIMITS.maxFiles(), SiteFixture.LIMITS.maxParts(), SiteFixture.LIMITS.maxReportChars(),
        SiteFixture.LIMITS.maxFieldChars());
    assertTrue(html.contains(Html.escape(message)), key);
    assertFalse(message.contains("{"), "every placeholder filled: " + message);
    assertTrue(html.contains("href=\"/" + lang + "/submit\""), "a way back to the form");
  }

  @Test
  void fileTooLarge_namesTheLimit() {
    site.intake.behaviour = FakeIntake.fail(Reason.FILE_TOO_LARGE);
    String token = site.session("en");
    String html = site.postMultipart("/en/submit?csrf=" + token, token, SiteFixture.submission()).bodyAsString();
    assertTrue(html.contains("10 MB"), "the limit of " + SiteFixture.LIMITS.maxFileBytes() + " bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "?csrf=", "?csrf=wrong", "?csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
  void submit_badCsrf_403AndIntakeNeverCalled(String query) {
    String token = site.session("ar");
    HttpResponse<Buffer> response = site.postMultipart("/ar/submit" + query, token, SiteFixture.submission());
    assertEquals(403, response.statusCode());
    String html = assertPage(response, "ar");
    assertTrue(html.contains(site.messages.in("ar").orElseThrow().h("error.csrf.title")));
    assertEquals(0, site.intake.submits.get());
  }

  @Test
  void submit_noCookie_403() {
    String token = site.session("en");
    assertEquals(403, site.postMultipart("/en/submit?csrf=" + token, null, SiteFixture.submission()).statusCode());
    assertEquals(403, site.postMultipart("/en/submit?csrf=" + token + "&csrf=" + token, token,
        SiteFixture.submission()).statusCode());
    assertEquals(0, site.intake.submits.get());
  }

  @Test
  void checkInAndAdd_badCsrf_403() {
    String token = site.session("en");
    HttpResponse<Buffer> visit = site.postForm("/en/check-in", token,
        SiteFixture.form("csrf", "x" + token.substring(1), "receipt", FakeCheckIn.KNOWN));
    assertEquals(403, visit.statusCode());
    assertPage(visit, "en");
    assertEquals(0, site.checkIn.visits.get());
    assertEquals(403, site.postMultipart("/en/check-in/add?visit=t", token, SiteFixture.submission()).statusCode());
    assertEquals(0, site.intake.adds.get());
  }

  /** A refused upload is not read on: the server drops the connection after a bounded amount. */
  @Test
  void submit_badCsrf_bodyNotConsumed() throws IOException {
    String token = site.session("en");
    try (Socket socket = new Socket("127.0.0.1", site.port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /en/submit?csrf=wrong HTTP/1.1\r\nHost: localhost\r\nCookie: " + Csrf.COOKIE + "=" + token
          + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000000\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1024]);
      out.flush();
      String head = readHead(socket.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 403"), head);
      assertTrue(head.toLowerCase(Locale.ROOT).contains("connection: close"), head);
      long[] sent = {0};
      byte[] chunk = new byte[64 * 1024];
      assertThrows(IOException.class, () -> {
        while (sent[0] < 1_000_000_000L) {
          out.write(chunk);
          sent[0] += chunk.length;
        }
      });
      // Whatever the kernel buffers hold on both sides, the server stopped after a few hundred KiB.
      assertTrue(sent[0] < 64L << 20, "the client could send " + sent[0] + " bytes");
    }
    assertEquals(0, site.intake.submits.get());
  }

  @Test
  void unexpectedFailure_generic500WithoutDetails() {
    site.intake.behaviour = FakeIntake.fail(new IllegalStateException("SECRET detail /var/lib/amana at row 42"));
    String token = site.session("en");
    HttpResponse<Buffer> response = site.postMultipart("/en/submit?csrf=" + token, token, SiteFixture.submission());
    assertEquals(500, response.statusCode());
    String html = assertPage(response, "en");
    assertTrue(html.contains(site.messages.english().h("error.internal.title")));
    for (String leak : new String[] {"SECRET", "/var/lib", "Exception", "at org.", "java."}) {
      assertFalse(html.contains(leak), leak);
    }
  }

  @Test
  void checkIn_unavailable_503() {
    site.checkIn.failWith = Reason.UNAVAILABLE;
    String token = site.session("ar");
    HttpResponse<Buffer> response = site.postForm("/ar/check-in", token,
        SiteFixture.form("csrf", token, "receipt", FakeCheckIn.KNOWN));
    assertEquals(503, response.statusCode());
    String html = assertPage(response, "ar");
    assertTrue(html.contains(site.messages.in("ar").orElseThrow().h("error.unavailable.title")));
    assertTrue(html.contains("href=\"/ar/check-in\""));
  }

  @Test
  void addMaterial_expiredOrMissingVisit_404Expired() {
    site.intake.behaviour = FakeIntake.fail(Reason.UNKNOWN_CHECK_IN);
    String token = site.session("en");
    for (String query : new String[] {"?csrf=" + token, "?csrf=" + token + "&visit=old"}) {
      HttpResponse<Buffer> response = site.postMultipart("/en/check-in/add" + query, token, SiteFixture.submission());
      assertEquals(404, response.statusCode(), query);
      String html = assertPage(response, "en");
      assertTrue(html.contains(site.messages.english().h("error.unknown_check_in")), query);
      assertTrue(html.contains("href=\"/en/check-in\""), query);
    }
    assertEquals(1, site.intake.adds.get(), "a missing token never reaches the intake");
  }

  @Test
  void checkIn_oversizeForm_refusedUnread() {
    String token = site.session("en");
    io.vertx.core.MultiMap many = SiteFixture.form("csrf", token, "receipt", FakeCheckIn.KNOWN);
    for (int i = 0; i < 100; i++) many.add("pad" + i, "1".repeat(100));
    HttpResponse<Buffer> response = site.postForm("/en/check-in", token, many);
    assertEquals(413, response.statusCode(), "over " + SiteRoutes.SMALL_FORM_BYTES + " bytes in all");
    assertTrue(assertPage(response, "en").contains(site.messages.english().h("error.field_too_long.title")));
    HttpResponse<Buffer> oneHuge = site.postForm("/en/check-in", token,
        SiteFixture.form("csrf", token, "receipt", "1".repeat(SiteRoutes.SMALL_FORM_BYTES + 1)));
    assertTrue(oneHuge.statusCode() == 400 || oneHuge.statusCode() == 413, "status " + oneHuge.statusCode());
    assertPage(oneHuge, "en");
    assertEquals(0, site.checkIn.visits.get());
  }

  @Test
  void checkIn_multipart_refusedUnread() {
    String token = site.session("en");
    HttpResponse<Buffer> response = site.postMultipart("/en/check-in", token, SiteFixture.submission());
    assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, "status " + response.statusCode());
    assertPage(response, "en");
    assertEquals(0, site.checkIn.visits.get());
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) break;
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}

package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amana.crypto.X25519Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A check-in page left open in one tab must not undo what the defender did since in another: a
 * change from a stale page is refused (409, a page that says why, nothing recorded), while a
 * withdrawal is always taken.
 */
class ConsentStalePageTest {
  private static final Pattern VISIT = Pattern.compile("name=\"visit\" value=\"([^\"]+)\"");
  private static final Pattern SEEN = Pattern.compile("name=\"seen\" value=\"([0-9]+)\"");
  private static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = GatewayFixture.start("consent-stale", Limits.defaults());
    try (X25519Identity reviewer = X25519Identity.generate()) {
      fx.gateway.store().addRecipient(reviewer.recipient().encoded(), "stale page test", null).await();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void aChangeFromAStalePage_isRefused_butAWithdrawalIsTaken() throws Exception {
    String cookie = fx.session("en");
    String receipt = GatewayFixture.receipt(fx.submit("en", cookie, new Multipart().field("report", "stale page")).body());
    String tabA = fx.checkIn("en", cookie, receipt).body();
    String tabB = fx.checkIn("en", cookie, receipt).body();

    // Tab B records new answers; tab A, still showing the old ones, tries to record its own.
    assertEquals(200, post(cookie, "consent", tabB, "&contact=replies&naming=never").statusCode());
    HttpResponse<String> stale = post(cookie, "consent", tabA, "&contact=none&naming=allowed&use_public=on");
    assertEquals(409, stale.statusCode(), stale.body());
    assertTrue(stale.body().contains("nothing was recorded"), stale.body());
    String now = fx.checkIn("en", cookie, receipt).body();
    assertEquals(count(tabB) + 1, count(now), "only tab B's change is on record");

    // A withdrawal from the stale tab is taken: withdrawing is always safe.
    assertEquals(200, post(cookie, "withdraw", tabA, "").statusCode());
    assertEquals(count(now) + 1, count(fx.checkIn("en", cookie, receipt).body()));
  }

  private static int count(String page) {
    Matcher m = SEEN.matcher(page);
    assertTrue(m.find(), "the page carries how many consent records it was drawn from");
    return Integer.parseInt(m.group(1));
  }

  private static HttpResponse<String> post(String cookie, String change, String page, String fields) throws Exception {
    Matcher visit = VISIT.matcher(page);
    assertTrue(visit.find(), "a visit token on the page");
    String form = "csrf=" + URLEncoder.encode(cookie, StandardCharsets.UTF_8) + "&visit="
        + URLEncoder.encode(visit.group(1), StandardCharsets.UTF_8) + "&seen=" + count(page) + fields;
    return fx.send(fx.request(fx.site("/en/check-in/" + change)).header("Cookie", GatewayFixture.CSRF_COOKIE + "=" + cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form)).build());
  }
}

package org.amana.gateway.site;

import static org.amana.gateway.site.PageChecks.assertPage;
import static org.amana.gateway.site.PageChecks.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amana.gateway.ingest.Intake.Accepted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Submitting, the receipt, checking in, adding material: the pages a defender sees on the way. */
@ExtendWith(VertxExtension.class)
class SiteFlowTest {
  private SiteFixture site;

  @BeforeEach
  void start(Vertx vertx) {
    site = new SiteFixture(vertx);
  }

  @AfterEach
  void stop() {
    site.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void submit_accepted_receiptPageShowsCodeAdviceAndFiles(String lang) {
    String token = site.session(lang);
    HttpResponse<Buffer> response = site.postMultipart("/" + lang + "/submit?csrf=" + token, token,
        SiteFixture.submission());
    assertEquals(200, response.statusCode());
    assertEquals(1, site.intake.submits.get());
    String html = assertPage(response, lang);
    Text t = site.messages.in(lang).orElseThrow();
    assertTrue(html.contains("<p id=\"receipt\" class=\"receipt\" dir=\"ltr\" translate=\"no\">"
        + FakeIntake.RECEIPT + "</p>"));
    for (String key : new String[] {"receipt.write", "receipt.only", "receipt.never", "receipt.metadata.kept",
        "receipt.metadata.removed"}) {
      assertTrue(html.contains(t.h(key)), key);
    }
    assertTrue(html.contains("<bdi>" + Html.escape(FakeIntake.HOSTILE_NAME) + "</bdi>"));
    assertFalse(html.contains(FakeIntake.HOSTILE_NAME), "the name is escaped");
    assertTrue(html.contains("<bdi>" + FakeIntake.BIDI_NAME + "</bdi>"), "a bidi override stays isolated");
    assertTrue(html.contains(Html.escape(t.size(1_536_000))) && html.contains(Html.escape(t.size(512))));
    assertTrue(html.contains("href=\"/" + lang + "/check-in\""));
  }

  @Test
  void submit_noFiles_saysTextReceived() {
    site.intake.behaviour = FakeIntake.accept(new Accepted(FakeIntake.RECEIPT, List.of(), true));
    String token = site.session("en");
    String html = site.postMultipart("/en/submit?csrf=" + token, token, SiteFixture.submission())
        .bodyAsString("UTF-8");
    assertTrue(html.contains(site.messages.english().h("receipt.files.none")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ar"})
  void checkIn_knownReceiptInArabicIndicDigits_showsRepliesEscapedAndAddForm(String lang) {
    String token = site.session(lang);
    String typed = "١٢٣٤ ٥٦٧٨-٩٠١٢ ３４５６ 7890";
    HttpResponse<Buffer> response = site.postForm("/" + lang + "/check-in", token,
        SiteFixture.form("csrf", token, "receipt", typed));
    assertEquals(200, response.statusCode());
    String html = assertPage(response, lang);
    Text t = site.messages.in(lang).orElseThrow();
    assertTrue(html.contains(t.h("visit.received", "\u2068" + FakeCheckIn.VISIT.receivedDay() + "\u2069")));
    assertTrue(html.contains("<p class=\"text\" dir=\"auto\">" + Html.escape(FakeCheckIn.HOSTILE_REPLY) + "</p>"));
    assertTrue(html.contains("<p class=\"text\" dir=\"auto\">" + t.h("visit.reply.damaged") + "</p>"), "a damaged reply is said so");
    assertFalse(html.contains("<b>Thank you</b>"), "reply text is escaped");
    String visit = URLEncoder.encode(FakeCheckIn.TOKEN, StandardCharsets.UTF_8);
    assertTrue(html.contains("<form method=\"post\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\" action=\"/"
        + lang + "/check-in/add?csrf=" + token + "&amp;visit=" + Html.escape(visit) + "\">"), "add form");
    assertTrue(tag(html, "more-report").contains("name=\"report\""));
    assertTrue(tag(html, "more-files").contains("name=\"files\""));
    assertFalse(html.contains(FakeCheckIn.KNOWN) || html.contains(typed), "the receipt is not shown back");
  }

  @Test
  void checkIn_unknownAndMalformed_sameNeutralAnswer() {
    String token = site.session("ar");
    Text ar = site.messages.in("ar").orElseThrow();
    String unknown = site.postForm("/ar/check-in", token, SiteFixture.form("csrf", token, "receipt",
        "0000 0000 0000 0000 0000")).bodyAsString("UTF-8");
    String malformed = site.postForm("/ar/check-in", token, SiteFixture.form("csrf", token, "receipt", "12ab"))
        .bodyAsString("UTF-8");
    String missing = site.postForm("/ar/check-in", token, SiteFixture.form("csrf", token)).bodyAsString("UTF-8");
    assertTrue(unknown.contains(ar.h("checkin.notfound")));
    assertEquals(unknown, malformed, "malformed and unknown read the same");
    assertEquals(unknown, missing);
    assertTrue(tag(unknown, "receipt").startsWith("<input"), "the form is there to try again");
  }

  @Test
  void addMaterial_accepted_confirmationWithVisitToken() {
    site.intake.behaviour = FakeIntake.accept(new Accepted("", List.of(), false));
    String token = site.session("en");
    String visit = URLEncoder.encode(FakeCheckIn.TOKEN, StandardCharsets.UTF_8);
    HttpResponse<Buffer> response = site.postMultipart("/en/check-in/add?csrf=" + token + "&visit=" + visit, token,
        SiteFixture.submission());
    assertEquals(200, response.statusCode());
    String html = assertPage(response, "en");
    assertEquals(FakeCheckIn.TOKEN, site.intake.lastCheckInToken);
    assertTrue(html.contains(site.messages.english().h("added.same")));
    assertFalse(html.contains("id=\"receipt\""), "no new receipt to show");
  }

  @Test
  void addMaterial_newReceipt_shownWithAdvice() {
    String token = site.session("ar");
    HttpResponse<Buffer> response = site.postMultipart("/ar/check-in/add?csrf=" + token + "&visit=t", token,
        SiteFixture.submission());
    String html = assertPage(response, "ar");
    Text ar = site.messages.in("ar").orElseThrow();
    assertTrue(html.contains(ar.h("added.new")) && html.contains(ar.h("receipt.write")));
    assertTrue(html.contains(">" + FakeIntake.RECEIPT + "</p>"));
  }
}

package org.amana.gateway.site;

import static org.amana.gateway.site.PageChecks.assertPage;
import static org.amana.gateway.site.PageChecks.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
class SitePagesTest {
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
  void formPages_eachLanguage_safeAndLabelled(String lang) {
    for (String page : new String[] {"", "submit", "check-in"}) {
      HttpResponse<Buffer> response = site.get("/" + lang + "/" + page);
      assertEquals(200, response.statusCode(), page);
      String html = assertPage(response, lang);
      String other = lang.equals("en") ? "ar" : "en";
      assertTrue(html.contains("<a href=\"/" + other + "/" + page + "\" lang=\"" + other + "\""),
          "a link to the same page in the other language");
    }
  }

  @Test
  void root_redirectsToEnglish() {
    HttpResponse<Buffer> response = site.get("/");
    assertEquals(303, response.statusCode());
    assertEquals("/en/", response.getHeader("Location"));
    assertEquals("/ar/", site.get("/ar").getHeader("Location"));
  }

  @Test
  void landing_isSmall() {
    for (String lang : new String[] {"en", "ar"}) {
      int bytes = site.get("/" + lang + "/").body().length();
      assertTrue(bytes < 30 * 1024, lang + " landing page is " + bytes + " bytes");
    }
  }

  @Test
  void landing_saysWhatItIsAndHowToStaySafe() {
    String html = site.get("/en/").bodyAsString("UTF-8");
    Text en = site.messages.english();
    for (String key : new String[] {"landing.isnot.1", "landing.isnot.2", "landing.safe.tor", "landing.safe.safest",
        "landing.safe.device", "landing.receipt.keep", "landing.who.text"}) {
      assertTrue(html.contains(en.h(key)), key);
    }
    assertTrue(html.contains("href=\"/en/submit\"") && html.contains("href=\"/en/check-in\""));
  }

  @Test
  void submitForm_mostProtectiveAnswersPreselected() {
    HttpResponse<Buffer> response = site.get("/en/submit");
    String html = response.bodyAsString("UTF-8");
    String token = site.session("en");
    assertFalse(token.isEmpty());
    assertTrue(tag(html, "contact-none").contains(" checked"));
    assertFalse(tag(html, "contact-replies").contains(" checked"));
    assertFalse(tag(html, "contact-channel").contains(" checked"));
    assertTrue(tag(html, "naming-never").contains(" checked"));
    assertFalse(tag(html, "naming-ask").contains(" checked"));
    assertFalse(tag(html, "naming-allowed").contains(" checked"));
    assertTrue(tag(html, "metadata-remove").contains(" checked"));
    assertFalse(tag(html, "metadata-keep").contains(" checked"));
    for (String use : new String[] {"use_un", "use_partners", "use_public", "use_legal"}) {
      String checkbox = tag(html, use);
      assertTrue(checkbox.contains("type=\"checkbox\"") && checkbox.contains("name=\"" + use + "\""), use);
      assertFalse(checkbox.contains(" checked"), use + " starts unchecked");
    }
    assertTrue(html.contains(site.messages.english().h("submit.consent.record")), "the record is always kept, and said");
    assertTrue(html.contains(site.messages.english().h("contact_channel.warning")));
    assertTrue(html.contains(site.messages.english().h("use_legal.hint")));
  }

  @Test
  void submitForm_fieldsAndActionAreTheIngestContract() {
    HttpResponse<Buffer> response = site.get("/ar/submit");
    String html = response.bodyAsString("UTF-8");
    String setCookie = response.getHeader("Set-Cookie");
    String token = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    assertTrue(html.contains("<form method=\"post\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\" "
        + "action=\"/ar/submit?csrf=" + token + "\">"));
    String report = tag(html, "report");
    assertTrue(report.startsWith("<textarea") && report.contains("name=\"report\"")
        && report.contains("maxlength=\"" + SiteFixture.LIMITS.maxReportChars() + "\""));
    String files = tag(html, "files");
    assertTrue(files.contains("type=\"file\"") && files.contains("name=\"files\"") && files.contains(" multiple"));
    String channel = tag(html, "contact_channel");
    assertTrue(channel.contains("name=\"contact_channel\"") && channel.contains("autocomplete=\"off\"")
        && channel.contains("maxlength=\"" + SiteFixture.LIMITS.maxFieldChars() + "\""));
    for (String radio : new String[] {"contact-none", "contact-replies", "contact-channel"}) {
      assertTrue(tag(html, radio).contains("name=\"contact\""));
    }
  }

  @Test
  void csrfCookie_sessionOnlyStrictHttpOnly() {
    String setCookie = site.get("/en/check-in").getHeader("Set-Cookie");
    assertNotNull(setCookie);
    assertTrue(setCookie.startsWith(Csrf.COOKIE + "="), setCookie);
    String attributes = setCookie.toLowerCase(java.util.Locale.ROOT);
    assertTrue(attributes.contains("; path=/"), setCookie);
    assertTrue(attributes.contains("; httponly"), setCookie);
    assertTrue(attributes.contains("; samesite=strict"), setCookie);
    assertFalse(attributes.contains("max-age") || attributes.contains("expires"), "no persistent cookie: " + setCookie);
    String token = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    HttpResponse<Buffer> again = site.get("/en/submit", token);
    assertEquals(null, again.getHeader("Set-Cookie"), "a browser that has the cookie keeps it");
    assertTrue(again.bodyAsString().contains("csrf=" + token));
    assertEquals(null, site.get("/en/").getHeader("Set-Cookie"), "no cookie without a form");
  }

  @Test
  void checkInForm_receiptFieldLeavesNoTrace() {
    String html = site.get("/ar/check-in").bodyAsString("UTF-8");
    String field = tag(html, "receipt");
    for (String attribute : new String[] {"name=\"receipt\"", "autocomplete=\"off\"", "inputmode=\"numeric\"",
        "autocapitalize=\"off\"", "spellcheck=\"false\"", "dir=\"ltr\""}) {
      assertTrue(field.contains(attribute), attribute);
    }
    assertTrue(html.contains(site.messages.in("ar").orElseThrow().h("checkin.receipt.hint")));
    assertTrue(html.contains("<form method=\"post\" accept-charset=\"utf-8\" action=\"/ar/check-in\">"));
  }

  @Test
  void stylesheet_servedFromThisSite() {
    HttpResponse<Buffer> css = site.get("/static/site.css");
    assertEquals(200, css.statusCode());
    assertEquals("text/css; charset=utf-8", css.getHeader("Content-Type"));
    PageChecks.assertHeaders(css);
    String text = css.bodyAsString();
    assertFalse(text.contains("@import") || text.contains("url(") || text.contains("@font-face"), "nothing fetched");
  }

  @Test
  void unknownLanguage_englishPageLinkingEveryLanguage() {
    for (String path : new String[] {"/xx/", "/fr/submit", "/%3Cscript%3E/", "/static/other.css"}) {
      HttpResponse<Buffer> response = site.get(path);
      assertEquals(404, response.statusCode(), path);
      String html = assertPage(response, "en");
      assertTrue(html.contains("href=\"/en/\"") && html.contains("href=\"/ar/\""), path);
      assertTrue(html.contains(site.messages.english().h("error.language")), path);
    }
  }

  @Test
  void unknownPage_inItsLanguage() {
    HttpResponse<Buffer> response = site.get("/ar/nowhere");
    assertEquals(404, response.statusCode());
    String html = assertPage(response, "ar");
    assertTrue(html.contains(site.messages.in("ar").orElseThrow().h("error.not_found.title")));
  }
}

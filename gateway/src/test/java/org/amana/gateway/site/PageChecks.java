package org.amana.gateway.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every page of the site must be, whatever it shows. */
final class PageChecks {
  private static final Pattern CONTROL = Pattern.compile("<(input|textarea|select)\\b([^>]*)>");
  private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]*)\"");

  private PageChecks() {}

  /** Headers, language, no script, nothing external, no missing message, every control labelled. */
  static String assertPage(HttpResponse<Buffer> response, String lang) {
    assertHeaders(response);
    assertEquals("text/html; charset=utf-8", response.getHeader("Content-Type"));
    String html = response.bodyAsString("UTF-8");
    String dir = lang.equals("ar") ? "rtl" : "ltr";
    assertTrue(html.startsWith("<!doctype html>\n<html lang=\"" + lang + "\" dir=\"" + dir + "\">"),
        () -> "html element of " + html.substring(0, Math.min(120, html.length())));
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "no script");
    assertFalse(lower.contains("javascript:"), "no javascript: URL");
    assertFalse(Pattern.compile("\\son[a-z]+=").matcher(lower).find(), "no event handler attribute");
    // The one exception: "leave quickly" navigates to a neutral page (a link the defender follows, never a resource loaded).
    String unlinked = lower.replace("<a href=\"" + ConsentPage.NEUTRAL_PAGE + "\" rel=\"noreferrer\">", "");
    assertFalse(unlinked.contains("http://") || unlinked.contains("https://"), "no external URL");
    assertFalse(lower.contains(" style="), "no inline style (the CSP forbids it)");
    assertFalse(html.contains(Text.MISSING), "no missing message");
    assertEveryControlLabelled(html);
    assertUniqueIds(html);
    return html;
  }

  static void assertHeaders(HttpResponse<Buffer> response) {
    assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, response.getHeader("Content-Security-Policy"));
    assertFalse(response.getHeader("Content-Security-Policy").contains("script-src"));
    assertEquals("no-referrer", response.getHeader("Referrer-Policy"));
    assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
    assertEquals("DENY", response.getHeader("X-Frame-Options"));
    assertEquals("same-origin", response.getHeader("Cross-Origin-Opener-Policy"));
    assertEquals("same-origin", response.getHeader("Cross-Origin-Resource-Policy"));
    String permissions = response.getHeader("Permissions-Policy");
    assertNotNull(permissions);
    for (String feature : new String[] {"camera=()", "microphone=()", "geolocation=()"}) {
      assertTrue(permissions.contains(feature), feature);
    }
    assertEquals("no-store", response.getHeader("Cache-Control"));
    assertNull(response.getHeader("Server"), "no Server header");
    assertNull(response.getHeader("X-Powered-By"));
  }

  static void assertEveryControlLabelled(String html) {
    Matcher m = CONTROL.matcher(html);
    while (m.find()) {
      String attrs = m.group(2);
      if (attrs.contains("type=\"hidden\"") || attrs.contains("type=\"submit\"")) continue;
      Matcher id = ID.matcher(m.group(0));
      assertTrue(id.find(), () -> "control without id: " + m.group(0));
      String forId = "<label for=\"" + id.group(1) + "\">";
      assertTrue(html.contains(forId), () -> "no " + forId);
    }
    Matcher labels = Pattern.compile("<label for=\"([^\"]*)\">").matcher(html);
    while (labels.find()) {
      String target = " id=\"" + labels.group(1) + "\"";
      assertTrue(html.contains(target), () -> "label for a missing control: " + target);
    }
  }

  private static void assertUniqueIds(String html) {
    Set<String> ids = new HashSet<>();
    Matcher m = ID.matcher(html);
    while (m.find()) assertTrue(ids.add(m.group(1)), "duplicate id " + m.group(1));
  }

  /** The opening tag of the element with this id. */
  static String tag(String html, String id) {
    Matcher m = Pattern.compile("<[a-z]+\\b[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
    assertTrue(m.find(), () -> "no element with id " + id);
    return m.group(0);
  }
}

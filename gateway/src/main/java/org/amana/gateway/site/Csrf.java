package org.amana.gateway.site;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Cross-site request forgery protection that needs no JavaScript: a random token per browser
 * session, kept in a session cookie and repeated in every form (in the action's query string for
 * multipart forms, so that it is checked before a byte of the body is read).
 *
 * <p>The cookie has no Max-Age or Expires: the browser forgets it when it closes, so it leaves no
 * lasting trace. SameSite=Strict keeps other sites from sending it at all; the token comparison
 * covers browsers that ignore SameSite. The comparison takes the same time wherever the strings
 * differ. The cookie is not marked Secure because an onion service is plain HTTP (Tor encrypts the
 * transport); a deployment behind HTTPS would add it.
 */
final class Csrf {
  static final String COOKIE = "amana_csrf";
  static final String PARAMETER = "csrf";
  private static final int BYTES = 32;
  private static final int LENGTH = 43; // unpadded base64url of 32 bytes

  private final SecureRandom random;

  Csrf(SecureRandom random) {
    this.random = random;
  }

  /** The session's token for a page with a form; a fresh session cookie if the browser has none. */
  String issue(RoutingContext ctx) {
    String current = cookie(ctx);
    if (current != null) return current;
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT));
    return token;
  }

  /** Whether the {@code csrf} query parameter matches the cookie (multipart forms). */
  boolean queryMatches(RoutingContext ctx) {
    List<String> values = ctx.queryParam(PARAMETER);
    return values.size() == 1 && matches(cookie(ctx), values.get(0));
  }

  /** Whether the {@code csrf} form field matches the cookie (url-encoded forms, body already read). */
  boolean formMatches(RoutingContext ctx) {
    List<String> values = ctx.request().formAttributes().getAll(PARAMETER);
    return values.size() == 1 && matches(cookie(ctx), values.get(0));
  }

  private static String cookie(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    return c != null && wellFormed(c.getValue()) ? c.getValue() : null;
  }

  private static boolean matches(String expected, String presented) {
    if (expected == null || presented == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        presented.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean wellFormed(String token) {
    if (token == null || token.length() != LENGTH) return false;
    for (int i = 0; i < LENGTH; i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;
    }
    return true;
  }
}

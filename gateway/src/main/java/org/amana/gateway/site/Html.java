package org.amana.gateway.site;

/**
 * Escaping for HTML: the only way a string that is not a constant of this package reaches a page.
 *
 * <p>One function serves text and attribute values, because every attribute on the site is
 * double-quoted: escaping {@code & < > " '} makes a string inert in both places. C0 control
 * characters (except tab, line feed and carriage return) become U+FFFD, as a parser would make
 * them anyway. Bidirectional controls pass through as text; wherever a stranger's string is shown,
 * the page isolates it ({@code <bdi>} or {@code dir="auto"}) so it cannot reorder what is around it.
 */
final class Html {
  private Html() {}

  /** {@code s} safe to place between tags or inside a double-quoted attribute; null is empty. */
  static String escape(String s) {
    if (s == null) return "";
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        case '\t', '\n', '\r' -> null;
        default -> c < 0x20 || c == 0x7f ? "\uFFFD" : null;
      };
      if (replacement != null && out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
      if (out != null) {
        if (replacement != null) out.append(replacement);
        else out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}

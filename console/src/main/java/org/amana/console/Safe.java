package org.amana.console;

/**
 * Makes untrusted text safe to print on a terminal: C0 and C1 controls (except newline and tab),
 * DEL, and bidirectional overrides and isolates are shown as visible escapes, so that no escape
 * sequence (clipboard, links, cursor moves, title changes) reaches the reviewer's terminal.
 */
final class Safe {
  private Safe() {}

  static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (c == '\n' || c == '\t') {
        sb.append((char) c);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || isBidiControl(c) || c == 0xfeff) {
        sb.append(String.format("\\u{%x}", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }

  private static boolean isBidiControl(int c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
  }
}

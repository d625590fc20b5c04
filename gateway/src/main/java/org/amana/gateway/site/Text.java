package org.amana.gateway.site;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The messages of one language. A key that the bundle lacks renders as {@code ??key??}, which the
 * tests look for on every page. Arguments replace {@code {0}}, {@code {1}}, … literally (no
 * MessageFormat: its quoting rules would eat the apostrophes of ordinary prose).
 */
final class Text {
  static final String MISSING = "??";

  private final Language language;
  private final Map<String, String> strings;

  Text(Language language, Map<String, String> strings) {
    this.language = language;
    this.strings = Map.copyOf(strings);
  }

  Language language() {
    return language;
  }

  Set<String> keys() {
    return strings.keySet();
  }

  /** The message, arguments substituted; not escaped. */
  String get(String key, Object... args) {
    String pattern = strings.get(key);
    if (pattern == null) return MISSING + key + MISSING;
    if (args.length == 0) return pattern;
    StringBuilder out = new StringBuilder(pattern.length() + 32);
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      int close = c == '{' ? pattern.indexOf('}', i) : -1;
      int n = close > i + 1 && close <= i + 3 ? index(pattern.substring(i + 1, close)) : -1;
      if (n >= 0 && n < args.length) {
        out.append(args[n]);
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The message, escaped for HTML (arguments included). */
  String h(String key, Object... args) {
    return Html.escape(get(key, args));
  }

  /** A size for people: "512 bytes", "1.5 MB", "2 GB" (binary multiples, the usual names). */
  String size(long bytes) {
    if (bytes < 1024) return get("size.bytes", bytes);
    String[] units = {"size.kb", "size.mb", "size.gb", "size.tb"};
    double value = bytes / 1024.0;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    boolean whole = value >= 100 || Math.abs(value - Math.rint(value)) < 0.05;
    return get(units[unit], whole ? String.valueOf(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value));
  }

  private static int index(String digits) {
    for (int i = 0; i < digits.length(); i++) if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return -1;
    return Integer.parseInt(digits);
  }
}

package org.amana.gateway.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of a sealed blob (RFC 9110, section 14), reduced to what a
 * resumed download needs: one range that runs to the end of the blob. Anything else a server may
 * ignore — other units, several ranges, a range that stops short of the end — is answered with the
 * whole blob; a {@code bytes} range that is malformed or starts past the end is unsatisfiable (416).
 */
sealed interface ByteRange {
  /** No usable range: send the whole blob (200). */
  record Whole() implements ByteRange {}

  /** From {@code first} to the last byte (206). */
  record From(long first) implements ByteRange {}

  /** Malformed or past the end (416). */
  record Unsatisfiable() implements ByteRange {}

  // At most 18 digits: every such number fits a long, so parsing cannot overflow.
  Pattern ONE = Pattern.compile("bytes=(?:(\\d{1,18})-(\\d{1,18})?|-(\\d{1,18}))");

  static ByteRange of(String header, long size) {
    if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6) || header.indexOf(',') >= 0) return new Whole();
    Matcher m = ONE.matcher(header.strip().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) return new Unsatisfiable();
    if (m.group(3) != null) { // the last N bytes
      long n = Long.parseLong(m.group(3));
      return n == 0 || size == 0 ? new Unsatisfiable() : new From(Math.max(0, size - n));
    }
    long first = Long.parseLong(m.group(1));
    if (first >= size) return new Unsatisfiable();
    if (m.group(2) == null) return new From(first);
    long last = Long.parseLong(m.group(2));
    if (last < first) return new Unsatisfiable();
    return last >= size - 1 ? new From(first) : new Whole();
  }
}

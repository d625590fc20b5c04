package org.amana.crypto;

import java.util.Arrays;
import java.util.Base64;

/**
 * The base64 of the age header: standard alphabet, no padding, canonical only. The JDK decoder
 * accepts non-canonical input and padding, which age must reject, so every decode is checked by
 * re-encoding.
 */
final class B64 {
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private B64() {}

  static String encode(byte[] data) {
    return ENCODER.encodeToString(data);
  }

  /** Decodes strictly; throws {@link IllegalArgumentException} on anything non-canonical. */
  static byte[] decode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!ok) throw new IllegalArgumentException("invalid base64 character");
    }
    if (s.length() % 4 == 1) throw new IllegalArgumentException("invalid base64 length");
    byte[] out = Base64.getDecoder().decode(s);
    if (!ENCODER.encodeToString(out).equals(s)) throw new IllegalArgumentException("non-canonical base64");
    return out;
  }

  /** Decodes strictly and requires exactly {@code length} bytes. */
  static byte[] decode(String s, int length) {
    byte[] out = decode(s);
    if (out.length != length) {
      Arrays.fill(out, (byte) 0);
      throw new IllegalArgumentException("expected " + length + " bytes, got " + out.length);
    }
    return out;
  }
}

package org.amana.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * Bech32 (BIP 173) without the 90-character limit, as age uses it: post-quantum recipients are
 * about 1,950 characters long. Strings must be all lower-case or all upper-case.
 */
final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  /** A decoded string: its human-readable part (lower-case) and its data bytes. */
  record Decoded(String hrp, byte[] data) {}

  private Bech32() {}

  static String encode(String hrp, byte[] data) {
    String lowerHrp = hrp.toLowerCase(Locale.ROOT);
    byte[] values = convertBits(data, 8, 5, true);
    byte[] checksum = checksum(lowerHrp, values);
    StringBuilder sb = new StringBuilder(lowerHrp.length() + 1 + values.length + 6);
    sb.append(lowerHrp).append('1');
    for (byte v : values) sb.append(CHARSET.charAt(v));
    for (byte v : checksum) sb.append(CHARSET.charAt(v));
    boolean upper = !hrp.equals(lowerHrp);
    return upper ? sb.toString().toUpperCase(Locale.ROOT) : sb.toString();
  }

  static Decoded decode(String s) {
    // ASCII only, checked before any case mapping: toLowerCase maps some non-ASCII letters to
    // ASCII ones (the Kelvin sign U+212A to 'k'), which would accept a string that is not Bech32.
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 33 || s.charAt(i) > 126) throw new IllegalArgumentException("bad character");
    }
    if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("mixed case");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int pos = lower.lastIndexOf('1');
    if (pos < 1 || pos + 7 > lower.length()) throw new IllegalArgumentException("bad separator");
    String hrp = lower.substring(0, pos);
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126) throw new IllegalArgumentException("bad character in prefix");
    }
    byte[] values = new byte[lower.length() - pos - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(pos + 1 + i));
      if (v < 0) throw new IllegalArgumentException("bad character");
      values[i] = (byte) v;
    }
    if (polymod(expandHrp(hrp), values) != 1) throw new IllegalArgumentException("bad checksum");
    byte[] payload = java.util.Arrays.copyOf(values, values.length - 6);
    return new Decoded(hrp, convertBits(payload, 5, 8, false));
  }

  private static byte[] checksum(String hrp, byte[] values) {
    byte[] zeros = new byte[6];
    byte[] combined = new byte[values.length + 6];
    System.arraycopy(values, 0, combined, 0, values.length);
    System.arraycopy(zeros, 0, combined, values.length, 6);
    int mod = polymod(expandHrp(hrp), combined) ^ 1;
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    return out;
  }

  private static byte[] expandHrp(String hrp) {
    byte[] out = new byte[hrp.length() * 2 + 1];
    for (int i = 0; i < hrp.length(); i++) {
      out[i] = (byte) (hrp.charAt(i) >> 5);
      out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
    }
    return out;
  }

  private static int polymod(byte[] hrp, byte[] values) {
    int chk = 1;
    for (byte[] part : new byte[][] {hrp, values}) {
      for (byte v : part) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (int i = 0; i < 5; i++) if (((top >>> i) & 1) != 0) chk ^= GEN[i];
      }
    }
    return chk;
  }

  private static byte[] convertBits(byte[] in, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * from / to + 1);
    for (byte b : in) {
      int value = b & 0xff;
      acc = (acc << from) | value;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) out.write((acc << (to - bits)) & maxv);
    } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
      throw new IllegalArgumentException("bad padding");
    }
    return out.toByteArray();
  }
}

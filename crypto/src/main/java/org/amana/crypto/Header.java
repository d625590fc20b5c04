package org.amana.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The age v1 header (C2SP age, "Header"): parsed strictly and with limits, because the gateway
 * and the console both read headers that an attacker may have written.
 */
final class Header {
  static final String VERSION_LINE = "age-encryption.org/v1";
  private static final String VERSION_PREFIX = "age-encryption.org/";
  private static final String MAC_LABEL = "header";
  private static final int COLUMNS = 64;

  // Limits: far above what a real file carries (a post-quantum stanza line is ~1,600 bytes, a
  // deployment has tens of recipients), far below what could exhaust memory.
  static final int MAX_STANZAS = 512;
  static final int MAX_LINE = 4096;
  static final int MAX_HEADER_BYTES = 1 << 20;

  final List<Stanza> stanzas;
  /** Every byte from the version line up to and including "---": what the MAC covers. */
  final byte[] macInput;
  final byte[] mac;

  private Header(List<Stanza> stanzas, byte[] macInput, byte[] mac) {
    this.stanzas = stanzas;
    this.macInput = macInput;
    this.mac = mac;
  }

  /** Writes the header without its MAC: everything up to and including "---". */
  static byte[] encodeWithoutMac(List<Stanza> stanzas) {
    StringBuilder sb = new StringBuilder(VERSION_LINE).append('\n');
    for (Stanza s : stanzas) {
      sb.append("-> ").append(s.type());
      for (String a : s.args()) sb.append(' ').append(a);
      sb.append('\n');
      String body = B64.encode(s.body());
      for (int i = 0; i < body.length(); i += COLUMNS) {
        int end = Math.min(body.length(), i + COLUMNS);
        sb.append(body, i, end).append('\n');
      }
      // The body ends with a line shorter than 64 columns, which may be empty.
      if (body.length() % COLUMNS == 0) sb.append('\n');
    }
    sb.append("---");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] computeMac(byte[] fileKey, byte[] macInput) {
    byte[] key = Primitives.hkdf(fileKey, new byte[0], MAC_LABEL);
    try {
      return Primitives.hmac(key, macInput);
    } finally {
      Primitives.zero(key);
    }
  }

  boolean macMatches(byte[] fileKey) {
    byte[] expected = computeMac(fileKey, macInput);
    return MessageDigest.isEqual(expected, mac);
  }

  /** Reads exactly one header from {@code in}, leaving the stream right after its final LF. */
  static Header parse(InputStream in) throws IOException {
    LineReader r = new LineReader(in);
    String first = r.line();
    if (first == null) throw malformed("the input is empty; it is not an age file");
    if (!first.equals(VERSION_LINE)) {
      if (first.startsWith(VERSION_PREFIX)) throw malformed("unsupported age version: " + printable(first));
      throw malformed("not an age file (no age-encryption.org/v1 line)");
    }
    List<Stanza> stanzas = new ArrayList<>();
    String line = r.line();
    while (true) {
      if (line == null) throw malformed("the header ends before its MAC line");
      if (line.startsWith("---")) break;
      if (!line.startsWith("-> ")) throw malformed("a header line is neither a stanza nor the MAC line");
      if (stanzas.size() == MAX_STANZAS) throw malformed("the header has more than " + MAX_STANZAS + " stanzas");
      List<String> args = parseArgs(line.substring(3));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      StringBuilder b64 = new StringBuilder();
      while (true) {
        String bodyLine = r.line();
        if (bodyLine == null) throw malformed("a stanza ends without its body");
        if (bodyLine.length() > COLUMNS) throw malformed("a stanza body line is longer than 64 columns");
        b64.append(bodyLine);
        if (bodyLine.length() < COLUMNS) break;
      }
      try {
        body.writeBytes(B64.decode(b64.toString()));
      } catch (IllegalArgumentException e) {
        throw malformed("a stanza body is not canonical base64");
      }
      stanzas.add(new Stanza(args.getFirst(), args.subList(1, args.size()), body.toByteArray()));
      line = r.line();
    }
    if (stanzas.isEmpty()) throw malformed("the header has no recipient stanza");
    if (!line.startsWith("--- ") || line.length() != 4 + 43) throw malformed("the MAC line is malformed");
    byte[] mac;
    try {
      mac = B64.decode(line.substring(4), 32);
    } catch (IllegalArgumentException e) {
      throw malformed("the header MAC is not canonical base64");
    }
    byte[] all = r.consumed();
    // The MAC covers everything up to and including "---", not the space and MAC after it.
    int macInputLength = all.length - line.length() - 1 + 3;
    return new Header(List.copyOf(stanzas), Arrays.copyOf(all, macInputLength), mac);
  }

  private static List<String> parseArgs(String rest) throws AgeException.Malformed {
    List<String> args = new ArrayList<>();
    for (String a : rest.split(" ", -1)) {
      if (a.isEmpty()) throw malformed("a stanza has an empty argument");
      for (int i = 0; i < a.length(); i++) {
        char c = a.charAt(i);
        if (c < 0x21 || c > 0x7e) throw malformed("a stanza argument has an invalid character");
      }
      args.add(a);
    }
    return args;
  }

  static AgeException.Malformed malformed(String message) {
    return new AgeException.Malformed(message);
  }

  /** Shows untrusted header text safely inside an error message. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 40; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  /** Reads LF-terminated ASCII lines, rejecting CR and non-ASCII bytes, and keeps what it read. */
  private static final class LineReader {
    private final InputStream in;
    private final ByteArrayOutputStream consumed = new ByteArrayOutputStream();

    LineReader(InputStream in) {
      this.in = in;
    }

    /** The next line without its LF, or null at EOF before any byte. */
    String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (sb.isEmpty()) return null;
          throw malformed("the header ends in the middle of a line");
        }
        consumed.write(b);
        if (consumed.size() > MAX_HEADER_BYTES) throw malformed("the header is larger than 1 MiB");
        if (b == '\n') return sb.toString();
        if (b == '\r') throw malformed("the header contains a carriage return (CRLF line endings?)");
        if (b < 0x20 || b > 0x7e) throw malformed("the header contains a byte that is not printable ASCII");
        if (sb.length() == MAX_LINE) throw malformed("a header line is longer than " + MAX_LINE + " bytes");
        sb.append((char) b);
      }
    }

    byte[] consumed() {
      return consumed.toByteArray();
    }
  }
}

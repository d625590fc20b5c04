package org.amana.gateway.strip;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Minimal, private filters for the JPEG and PNG images inside documents (Office media, ODF
 * Pictures, PDF DCTDecode streams), which carry their own EXIF, XMP and comments. They keep only
 * what decoding needs and stream the image data through unchanged; the full image strippers live
 * elsewhere. Whitelists: a JPEG keeps its frame, tables and scans, a bare JFIF header and the
 * Adobe colour-transform marker, and loses every other APPn (EXIF with its thumbnail, XMP, ICC,
 * Photoshop/IPTC, maker data), COM, and anything after EOI. The ICC profile is dropped whole:
 * document images render as sRGB without it. EXIF orientation is dropped too (PDF ignores it; an
 * Office image keeps the rotation set in the document's own XML). A PNG keeps the chunks that
 * affect rendering and loses text, eXIf, tIME, iCCP, private chunks and anything after IEND.
 */
final class EmbeddedImages {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Set<String> PNG_KEEP = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM",
      "sRGB", "sBIT", "pHYs", "bKGD", "cICP", "acTL", "fcTL", "fdAT");

  private EmbeddedImages() {}

  static boolean isJpeg(byte[] head) {
    return head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff;
  }

  static boolean isPng(byte[] head) {
    return head.length >= 8 && Arrays.equals(head, 0, 8, PNG_SIGNATURE, 0, 8);
  }

  /** Copies a JPEG without its metadata; true when something was removed. */
  static boolean jpeg(InputStream raw, OutputStream out, StripLimits limits) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    if (in.read() != 0xff || in.read() != 0xd8) throw StripException.malformed("not a JPEG");
    out.write(0xff);
    out.write(0xd8);
    boolean removed = false;
    int segments = 0;
    int marker = nextMarker(in);
    while (true) {
      if (++segments > limits.maxEntries()) throw StripException.tooComplex("too many JPEG segments");
      if (marker == 0xd9) { // EOI: whatever follows is not image data
        out.write(0xff);
        out.write(0xd9);
        return removed | in.read() >= 0;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { // markers without a length
        out.write(0xff);
        out.write(marker);
        marker = nextMarker(in);
        continue;
      }
      int len = (readByte(in) << 8) | readByte(in);
      if (len < 2) throw StripException.malformed("bad JPEG segment length");
      byte[] body = in.readNBytes(len - 2);
      if (body.length != len - 2) throw StripException.malformed("JPEG truncated");
      boolean app = (marker >= 0xe0 && marker <= 0xef) || marker == 0xfe;
      if (app && !keepApp(marker, body)) {
        removed = true;
        marker = nextMarker(in);
        continue;
      }
      out.write(0xff);
      out.write(marker);
      out.write(len >> 8);
      out.write(len);
      out.write(body);
      marker = marker == 0xda ? copyScan(in, out) : nextMarker(in);
    }
  }

  /** A JFIF header without thumbnail (16 bytes) and the Adobe transform flag (14) are all a decoder needs. */
  private static boolean keepApp(int marker, byte[] body) {
    if (marker == 0xe0 && body.length == 14 && startsWith(body, "JFIF\0")) return body[12] == 0 && body[13] == 0;
    return marker == 0xee && body.length == 12 && startsWith(body, "Adobe");
  }

  private static boolean startsWith(byte[] body, String ascii) {
    byte[] p = ascii.getBytes(StandardCharsets.ISO_8859_1);
    return body.length >= p.length && Arrays.equals(body, 0, p.length, p, 0, p.length);
  }

  /** Copies entropy-coded data up to the next marker (stuffed 00 and RSTn stay in the data); returns that marker. */
  private static int copyScan(InputStream in, OutputStream out) throws IOException {
    while (true) {
      int b = readByte(in);
      if (b != 0xff) {
        out.write(b);
        continue;
      }
      int m = readByte(in);
      while (m == 0xff) m = readByte(in);
      if (m == 0x00 || (m >= 0xd0 && m <= 0xd7)) {
        out.write(0xff);
        out.write(m);
      } else {
        return m;
      }
    }
  }

  private static int nextMarker(InputStream in) throws IOException {
    if (readByte(in) != 0xff) throw StripException.malformed("JPEG segment does not start with a marker");
    int m = readByte(in);
    while (m == 0xff) m = readByte(in);
    return m;
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) throw StripException.malformed("JPEG truncated");
    return b;
  }

  /** Copies a PNG keeping only rendering chunks; true when something was removed. */
  static boolean png(InputStream raw, OutputStream out, StripLimits limits) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    byte[] sig = in.readNBytes(8);
    if (!isPng(sig)) throw StripException.malformed("not a PNG");
    out.write(sig);
    boolean removed = false;
    byte[] head = new byte[8];
    for (int chunks = 0; ; chunks++) {
      if (chunks > limits.maxEntries()) throw StripException.tooComplex("too many PNG chunks");
      if (in.readNBytes(head, 0, 8) != 8) throw StripException.malformed("PNG truncated");
      long len = ((head[0] & 0xffL) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
      if (len > Integer.MAX_VALUE) throw StripException.malformed("bad PNG chunk length");
      String type = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
      if (chunks == 0 && !type.equals("IHDR")) throw StripException.malformed("PNG does not start with IHDR");
      if (PNG_KEEP.contains(type)) {
        out.write(head);
        copy(in, out, len + 4);
      } else {
        removed = true;
        try {
          in.skipNBytes(len + 4);
        } catch (EOFException e) {
          throw StripException.malformed("PNG truncated");
        }
      }
      if (type.equals("IEND")) return removed | in.read() >= 0;
    }
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) throw StripException.malformed("PNG truncated");
      out.write(buf, 0, r);
      n -= r;
    }
  }
}

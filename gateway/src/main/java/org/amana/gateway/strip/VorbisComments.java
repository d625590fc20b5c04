package org.amana.gateway.strip;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The Vorbis comment structure shared by FLAC, Ogg Vorbis and Opus: a vendor string and
 * {@code NAME=value} fields, lengths little-endian. The strippers never copy one; this says what a
 * dropped one held, and writes the empty replacement Ogg needs.
 */
final class VorbisComments {
  private VorbisComments() {}

  /** Adds what the comment list in {@code b[from, to)} holds; a list that does not parse counts as OTHER. */
  static void classify(byte[] b, int from, int to, StripLimits limits, Set<Category> into) {
    int pos = from;
    if (to - pos < 4) {
      into.add(Category.OTHER);
      return;
    }
    long vendor = MediaIo.u32le(b, pos);
    if (vendor > to - pos - 4) {
      into.add(Category.OTHER);
      return;
    }
    if (vendor > 0) into.add(Category.SOFTWARE); // the encoder, or whatever a tagger wrote there
    pos += 4 + (int) vendor;
    if (to - pos < 4) return;
    long count = MediaIo.u32le(b, pos);
    pos += 4;
    if (count > limits.maxEntries()) throw StripException.tooComplex("Vorbis comments");
    for (long i = 0; i < count; i++) {
      if (to - pos < 4) {
        into.add(Category.OTHER);
        return;
      }
      long len = MediaIo.u32le(b, pos);
      pos += 4;
      if (len > to - pos) {
        into.add(Category.OTHER);
        return;
      }
      int eq = pos;
      while (eq < pos + len && b[eq] != '=') eq++;
      into.add(MediaTagNames.of(new String(b, pos, eq - pos, StandardCharsets.US_ASCII)));
      pos += (int) len;
    }
  }

  /** A comment list with an empty vendor and no fields: what Ogg streams get in place of theirs. */
  static byte[] empty(String magic, boolean framingBit) {
    byte[] m = magic.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[m.length + 8 + (framingBit ? 1 : 0)];
    System.arraycopy(m, 0, out, 0, m.length);
    if (framingBit) out[out.length - 1] = 1;
    return out;
  }
}

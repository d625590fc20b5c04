package org.amana.gateway.strip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * HEVC's SEI messages (NAL types 39 and 40), where encoders write their name and settings: left out
 * of an HEIF image's decoder configuration and of its coded data. Used by {@link HeifStripper}.
 */
final class HevcSei {
  private HevcSei() {}

  /** hvcC with its SEI NAL arrays (types 39, 40) left out. */
  static byte[] config(byte[] c) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(c, 0, 22);
    int arrays = c[22] & 0xff;
    int p = 23;
    List<byte[]> kept = new ArrayList<>();
    for (int a = 0; a < arrays; a++) {
      int start = p;
      if (p + 3 > c.length) throw StripException.malformed("short hvcC array");
      int type = c[p] & 0x3f;
      int n = ImageMetadata.u16(c, p + 1, false);
      p += 3;
      for (int i = 0; i < n; i++) {
        if (p + 2 > c.length) throw StripException.malformed("short hvcC NAL");
        p += 2 + ImageMetadata.u16(c, p, false);
      }
      if (p > c.length) throw StripException.malformed("short hvcC NAL");
      if (type != 39 && type != 40) kept.add(java.util.Arrays.copyOfRange(c, start, p));
    }
    out.write(kept.size());
    for (byte[] k : kept) out.writeBytes(k);
    return out.toByteArray();
  }

  /** The ranges of an HEVC item's NAL units, without SEI units; walked in place, nothing buffered. */
  static List<long[]> nalRanges(ImageInput in, List<long[]> ranges, int lengthSize, StripLimits limits,
      Set<Category> removed) throws IOException {
    List<long[]> kept = new ArrayList<>();
    for (long[] r : ranges) {
      long p = r[0];
      long end = r[0] + r[1];
      while (p < end) {
        if (kept.size() > limits.maxEntries()) throw StripException.tooComplex("too many NAL units");
        if (end - p < lengthSize + 2) throw StripException.malformed("NAL unit split across extents");
        long n = 0;
        for (int i = 0; i < lengthSize; i++) n = (n << 8) | in.byteAt(p + i);
        if (n < 2 || n > end - p - lengthSize) throw StripException.malformed("bad NAL length");
        int type = (in.byteAt(p + lengthSize) >> 1) & 0x3f;
        if (type == 39 || type == 40) removed.add(Category.SOFTWARE);
        else kept.add(new long[] {p, lengthSize + n});
        p += lengthSize + n;
      }
    }
    return kept;
  }
}

package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * WebP (RIFF): keeps the image chunks (VP8, VP8L, ALPH) and the animation chunks (ANIM, and ANMF
 * with only its image chunks inside), rewrites VP8X with the ICC, EXIF and XMP flags cleared, and
 * drops EXIF, XMP, ICCP (viewers then assume sRGB), unknown chunks and bytes after the RIFF. A
 * first pass plans the output from the chunk headers, so the RIFF size is known before anything is
 * written; a second pass copies the kept chunks from the source.
 */
final class WebpStripper implements Stripper {
  private static final int FLAG_ANIMATION = 0x02;
  private static final int FLAG_ALPHA = 0x10;
  private static final Set<String> FRAME_CHUNKS = Set.of("VP8 ", "VP8L", "ALPH");

  /** A chunk of the output: copied from the source at {@code offset}, or {@code data}, or {@code inner} chunks. */
  private record Chunk(String type, long offset, long length, byte[] data, List<Chunk> inner) {
    long payloadSize() {
      if (inner == null) return length;
      long n = length; // the ANMF header
      for (Chunk c : inner) n += c.size();
      return n;
    }

    long size() {
      long p = payloadSize();
      return 8 + p + (p & 1);
    }
  }

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    EnumSet<Category> removed = EnumSet.noneOf(Category.class);
    OutputStream out = new BufferedOutputStream(sink, 1 << 16);
    try (ImageInput in = new ImageInput(source, limits)) {
      byte[] header = in.bytes(12);
      if (!ImageMetadata.startsWith(header, 0, "RIFF") || !ImageMetadata.startsWith(header, 8, "WEBP")) {
        throw StripException.malformed("no RIFF WEBP header");
      }
      long end = 8 + ImageMetadata.u32(header, 4, true);
      in.require(0, end);
      List<Chunk> kept = new ArrayList<>();
      int[] count = {0};
      String first = null;
      while (in.pos + 8 <= end) {
        String type = new String(in.bytes(4), StandardCharsets.ISO_8859_1);
        long length = in.u32le();
        long at = in.pos;
        if (length > end - at) throw StripException.malformed("WebP chunk past the RIFF end");
        if (++count[0] > limits.maxEntries()) throw StripException.tooComplex("too many WebP chunks");
        if (first == null) first = type;
        boolean extended = first.equals("VP8X");
        if (type.equals("VP8X") && kept.isEmpty()) {
          byte[] x = in.read(at, length);
          if (x.length < 10) throw StripException.malformed("short VP8X");
          checkPixels(u24(x, 4) + 1, u24(x, 7) + 1, limits);
          x[0] = (byte) (x[0] & (FLAG_ALPHA | FLAG_ANIMATION));
          kept.add(new Chunk(type, at, length, x, null));
        } else if (FRAME_CHUNKS.contains(type) && (extended || kept.isEmpty())) {
          checkFrame(in, type, at, length, limits);
          kept.add(new Chunk(type, at, length, null, null));
        } else if (extended && type.equals("ANIM")) {
          kept.add(new Chunk(type, at, length, null, null));
        } else if (extended && type.equals("ANMF")) {
          kept.add(frame(in, at, length, limits, count, removed));
        } else {
          removed.addAll(classify(in, type, at, length));
        }
        in.pos = at + length + (length & 1);
      }
      if (kept.isEmpty() || !(first.equals("VP8X") || FRAME_CHUNKS.contains(first))) {
        throw StripException.malformed("WebP without an image");
      }
      if (in.size() > end) removed.add(Category.OTHER);
      long riffSize = 4;
      for (Chunk c : kept) riffSize += c.size();
      if (riffSize > 0xffffffffL) throw StripException.tooComplex("WebP larger than RIFF allows");
      out.write(header, 0, 4);
      writeU32le(out, riffSize);
      out.write(header, 8, 4);
      for (Chunk c : kept) write(in, c, out);
    }
    out.flush();
    return Stripped.of(removed);
  }

  /** An animation frame: its 16-byte header, then only its image chunks. */
  private static Chunk frame(ImageInput in, long at, long length, StripLimits limits, int[] count,
      EnumSet<Category> removed) throws IOException {
    if (length < 16) throw StripException.malformed("short ANMF");
    byte[] h = in.read(at, 16);
    checkPixels(u24(h, 6) + 1, u24(h, 9) + 1, limits);
    List<Chunk> inner = new ArrayList<>();
    long p = at + 16;
    long end = at + length;
    while (p + 8 <= end) {
      if (++count[0] > limits.maxEntries()) throw StripException.tooComplex("too many WebP chunks");
      String type = new String(in.read(p, 4), StandardCharsets.ISO_8859_1);
      long n = ImageMetadata.u32(in.read(p + 4, 4), 0, true);
      if (n > end - p - 8) throw StripException.malformed("ANMF chunk past its frame");
      if (FRAME_CHUNKS.contains(type)) {
        checkFrame(in, type, p + 8, n, limits);
        inner.add(new Chunk(type, p + 8, n, null, null));
      } else {
        removed.add(Category.OTHER);
      }
      p += 8 + n + (n & 1);
    }
    return new Chunk("ANMF", at, 16, null, inner);
  }

  /** The size a VP8 key frame or a VP8L header declares, against maxPixels. */
  private static void checkFrame(ImageInput in, String type, long at, long length, StripLimits limits) throws IOException {
    if (type.equals("VP8 ") && length >= 10) {
      byte[] b = in.read(at, 10);
      boolean keyFrame = (b[0] & 1) == 0;
      if (keyFrame && (b[3] & 0xff) == 0x9d && b[4] == 0x01 && b[5] == 0x2a) {
        checkPixels(ImageMetadata.u16(b, 6, true) & 0x3fff, ImageMetadata.u16(b, 8, true) & 0x3fff, limits);
      }
    } else if (type.equals("VP8L") && length >= 5) {
      byte[] b = in.read(at, 5);
      if (b[0] != 0x2f) throw StripException.malformed("no VP8L signature");
      long bits = ImageMetadata.u32(b, 1, true);
      checkPixels((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1, limits);
    } else if (!type.equals("ALPH")) {
      throw StripException.malformed("short " + type);
    }
  }

  private static Set<Category> classify(ImageInput in, String type, long at, long length) throws IOException {
    switch (type) {
      case "EXIF": {
        byte[] e = in.read(at, length);
        int skip = ImageMetadata.startsWith(e, 0, "Exif\0\0") ? 6 : 0;
        return e.length > skip + 8 ? ImageMetadata.exif(java.util.Arrays.copyOfRange(e, skip, e.length))
            : EnumSet.of(Category.OTHER);
      }
      case "XMP ":
        return ImageMetadata.xmp(in.read(at, length));
      case "ICCP":
        return ImageMetadata.icc(in.read(at, length), 0);
      default:
        return EnumSet.of(Category.OTHER);
    }
  }

  private static void write(ImageInput in, Chunk c, OutputStream out) throws IOException {
    out.write(c.type().getBytes(StandardCharsets.ISO_8859_1));
    long payload = c.payloadSize();
    writeU32le(out, payload);
    if (c.data() != null) {
      out.write(c.data());
    } else {
      in.copy(c.offset(), c.length(), out);
      if (c.inner() != null) {
        for (Chunk i : c.inner()) write(in, i, out); // one level: ANMF holds only image chunks
      }
    }
    if ((payload & 1) != 0) out.write(0);
  }

  private static void checkPixels(long width, long height, StripLimits limits) {
    if (width * height > limits.maxPixels()) throw StripException.tooComplex("WebP of " + width + "x" + height);
  }

  private static long u24(byte[] b, int off) {
    return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8) | ((long) (b[off + 2] & 0xff) << 16);
  }

  private static void writeU32le(OutputStream out, long v) throws IOException {
    out.write((int) v);
    out.write((int) (v >> 8));
    out.write((int) (v >> 16));
    out.write((int) (v >> 24));
  }
}

package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * PNG (and APNG): a chunk walker that keeps only the chunks needed to render — IHDR, PLTE, IDAT,
 * IEND, tRNS, gAMA, cHRM, sRGB, cICP, sBIT, bKGD, pHYs and the APNG animation chunks — and drops
 * every other chunk: tEXt, zTXt, iTXt (XMP lives there), eXIf, tIME, iCCP (the ICC profile is
 * dropped; viewers then assume sRGB), and private or unknown ancillary chunks. An unknown critical
 * chunk (one a decoder must understand) is refused. Every CRC is verified, and IHDR's declared
 * width × height is checked against maxPixels. The pixel data is never inflated: it is copied.
 */
final class PngStripper implements Stripper {
  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Set<String> KEEP = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB",
      "cICP", "sBIT", "bKGD", "pHYs", "acTL", "fcTL", "fdAT");

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    EnumSet<Category> removed = EnumSet.noneOf(Category.class);
    OutputStream out = new BufferedOutputStream(sink, 1 << 16);
    try (ImageInput in = new ImageInput(source, limits)) {
      for (byte b : SIGNATURE) {
        if (in.remaining() < 1 || in.u8() != (b & 0xff)) throw StripException.malformed("no PNG signature");
      }
      out.write(SIGNATURE);
      int chunks = 0;
      boolean ended = false;
      while (!ended) {
        if (++chunks > limits.maxEntries()) throw StripException.tooComplex("more than " + limits.maxEntries() + " PNG chunks");
        long length = in.u32be();
        long typeAt = in.pos;
        byte[] typeBytes = in.bytes(4);
        String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
        if (length > Integer.MAX_VALUE || !type.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
          throw StripException.malformed("bad PNG chunk");
        }
        in.require(in.pos, length + 4);
        if (chunks == 1 && !type.equals("IHDR")) throw StripException.malformed("PNG does not start with IHDR");
        if (type.equals("IHDR")) checkHeader(in.read(in.pos, length), chunks, limits);
        verifyCrc(in, typeAt, length);
        if (KEEP.contains(type)) {
          in.copy(typeAt - 4, 4 + 4 + length + 4, out); // length, type, data and the verified CRC
          ended = type.equals("IEND");
        } else if (Character.isUpperCase(type.charAt(0))) {
          throw new StripException(StripException.Kind.UNSUPPORTED, "unknown critical PNG chunk");
        } else {
          removed.addAll(classify(type, in, length));
        }
        in.pos = typeAt + 4 + length + 4;
      }
      if (in.remaining() > 0) removed.add(Category.OTHER); // bytes after IEND
    }
    out.flush();
    return Stripped.of(removed);
  }

  private static void checkHeader(byte[] ihdr, int index, StripLimits limits) {
    if (index != 1 || ihdr.length != 13) throw StripException.malformed("bad IHDR");
    long width = ImageMetadata.u32(ihdr, 0, false);
    long height = ImageMetadata.u32(ihdr, 4, false);
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw StripException.malformed("bad PNG size");
    }
    if (width * height > limits.maxPixels()) throw StripException.tooComplex("PNG of " + width + "x" + height);
  }

  /** CRC over type and data, streamed through a fixed buffer. */
  private static void verifyCrc(ImageInput in, long typeAt, long length) throws IOException {
    CRC32 crc = new CRC32();
    long p = typeAt;
    long end = typeAt + 4 + length;
    while (p < end) {
      int n = (int) Math.min(1 << 16, end - p);
      crc.update(in.read(p, n));
      p += n;
    }
    if (crc.getValue() != ImageMetadata.u32(in.read(end, 4), 0, false)) {
      throw StripException.malformed("PNG CRC mismatch");
    }
  }

  /** What a dropped chunk held, by its type and (for text chunks) its keyword. */
  private static Set<Category> classify(String type, ImageInput in, long length) throws IOException {
    switch (type) {
      case "tIME":
        return EnumSet.of(Category.TIMES);
      case "eXIf":
        return ImageMetadata.exif(in.read(in.pos, length));
      case "iCCP":
        return EnumSet.of(Category.OTHER);
      case "tEXt", "zTXt", "iTXt": {
        byte[] head = in.read(in.pos, Math.min(length, 80));
        int nul = 0;
        while (nul < head.length && head[nul] != 0) nul++;
        String keyword = new String(head, 0, nul, StandardCharsets.ISO_8859_1);
        if (keyword.equals("XML:com.adobe.xmp")) {
          // Uncompressed iTXt: flag, method, then language and translated keyword, each NUL-ended.
          byte[] all = in.read(in.pos, length);
          boolean compressed = all.length > nul + 1 && all[nul + 1] != 0;
          return compressed ? EnumSet.of(Category.OTHER) : ImageMetadata.xmp(all);
        }
        if (keyword.startsWith("Raw profile type")) return EnumSet.of(Category.OTHER); // ImageMagick EXIF/IPTC dumps
        return switch (keyword) {
          case "Author", "Copyright", "Disclaimer" -> EnumSet.of(Category.PEOPLE);
          case "Creation Time", "date:create", "date:modify", "date:timestamp" -> EnumSet.of(Category.TIMES);
          case "Software" -> EnumSet.of(Category.SOFTWARE);
          case "Source" -> EnumSet.of(Category.DEVICE);
          default -> EnumSet.of(Category.COMMENTS);
        };
      }
      default:
        return EnumSet.of(Category.OTHER);
    }
  }
}

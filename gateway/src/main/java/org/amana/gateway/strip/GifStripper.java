package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/**
 * GIF: a block walker that keeps the header, the colour tables, the images and their Graphic
 * Control extensions, and the NETSCAPE2.0/ANIMEXTS1.0 looping extension. It drops Comment
 * extensions, Plain Text extensions, every other Application extension (XMP, ICC, IPTC live there),
 * unknown extensions and bytes after the trailer. Declared frame sizes are checked against
 * maxPixels; the LZW data is copied, never decoded.
 */
final class GifStripper implements Stripper {
  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    EnumSet<Category> removed = EnumSet.noneOf(Category.class);
    OutputStream out = new BufferedOutputStream(sink, 1 << 16);
    try (ImageInput in = new ImageInput(source, limits)) {
      byte[] header = in.bytes(13);
      String magic = new String(header, 0, 6, StandardCharsets.ISO_8859_1);
      if (!magic.equals("GIF87a") && !magic.equals("GIF89a")) throw StripException.malformed("no GIF header");
      checkPixels(ImageMetadata.u16(header, 6, true), ImageMetadata.u16(header, 8, true), limits);
      out.write(header);
      int packed = header[10] & 0xff;
      if ((packed & 0x80) != 0) in.copy(3L << ((packed & 7) + 1), out); // global colour table
      int blocks = 0;
      while (true) {
        if (++blocks > limits.maxEntries()) throw StripException.tooComplex("more than " + limits.maxEntries() + " GIF blocks");
        int introducer = in.u8();
        if (introducer == 0x3b) { // trailer
          out.write(0x3b);
          break;
        } else if (introducer == 0x2c) { // image descriptor
          byte[] descriptor = in.bytes(9);
          checkPixels(ImageMetadata.u16(descriptor, 4, true), ImageMetadata.u16(descriptor, 6, true), limits);
          out.write(0x2c);
          out.write(descriptor);
          int local = descriptor[8] & 0xff;
          if ((local & 0x80) != 0) in.copy(3L << ((local & 7) + 1), out);
          int codeSize = in.u8();
          if (codeSize < 1 || codeSize > 11) throw StripException.malformed("bad LZW code size");
          out.write(codeSize);
          copySubBlocks(in, out);
        } else if (introducer == 0x21) {
          int label = in.u8();
          if (label == 0xf9) {
            // Graphic control (delay, disposal, transparency) rewritten from its 4 defined bytes only.
            long at = in.pos;
            byte[] first = readSubBlocks(in, limits);
            if (in.byteAt(at) != 4) throw StripException.malformed("bad graphic control extension");
            if (first.length != 4) removed.add(Category.OTHER);
            out.write(new byte[] {0x21, (byte) 0xf9, 4, first[0], first[1], first[2], first[3], 0});
          } else if (label == 0xff) {
            long at = in.pos;
            int idLength = in.u8();
            String id = idLength == 11 ? new String(in.bytes(11), StandardCharsets.ISO_8859_1) : "";
            in.pos = at;
            if (id.equals("NETSCAPE2.0") || id.equals("ANIMEXTS1.0")) {
              // Loop count, rewritten: only its sub-block 1 (the count) is kept, extra sub-blocks dropped.
              in.skip(12);
              byte[] rest = readSubBlocks(in, limits);
              if (in.byteAt(at + 12) == 3 && rest.length >= 3 && rest[0] == 1) {
                out.write(new byte[] {0x21, (byte) 0xff, 11});
                out.write(id.getBytes(StandardCharsets.ISO_8859_1));
                out.write(new byte[] {3, 1, rest[1], rest[2], 0});
              }
              if (rest.length != 3) removed.add(Category.OTHER);
            } else if (id.equals("XMP DataXMP")) {
              // XMP ignores the sub-block framing (its "magic trailer" ends it): classify the raw span.
              readSubBlocks(in, limits);
              removed.addAll(ImageMetadata.xmp(in.read(at, Math.min(in.pos - at, limits.maxBlockBytes()))));
            } else {
              readSubBlocks(in, limits);
              removed.add(Category.OTHER);
            }
          } else {
            readSubBlocks(in, limits);
            removed.add(label == 0xfe || label == 0x01 ? Category.COMMENTS : Category.OTHER);
          }
        } else {
          throw StripException.malformed("unknown GIF block " + introducer);
        }
      }
      if (in.remaining() > 0) removed.add(Category.OTHER);
    }
    out.flush();
    return Stripped.of(removed);
  }

  private static void checkPixels(long width, long height, StripLimits limits) {
    if (width * height > limits.maxPixels()) throw StripException.tooComplex("GIF of " + width + "x" + height);
  }

  private static void copySubBlocks(ImageInput in, OutputStream out) throws IOException {
    while (true) {
      int n = in.u8();
      out.write(n);
      if (n == 0) return;
      in.copy(n, out);
    }
  }

  /**
   * Skips a dropped extension's sub-blocks; keeps at most maxBlockBytes of them (XMP's raw bytes,
   * for the categories), the rest is only skipped.
   */
  private static byte[] readSubBlocks(ImageInput in, StripLimits limits) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    while (true) {
      int n = in.u8();
      if (n == 0) return kept.toByteArray();
      if (kept.size() + n <= limits.maxBlockBytes()) kept.write(in.bytes(n));
      else in.skip(n);
    }
  }
}

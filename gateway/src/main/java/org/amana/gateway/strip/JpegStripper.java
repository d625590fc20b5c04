package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Set;

/**
 * JPEG: a marker walker that keeps only what a decoder needs (SOF, DQT, DHT, DAC, DRI, DNL, SOS and
 * the entropy-coded data, EOI), a JFIF APP0 rewritten without its thumbnail, and the 12-byte Adobe
 * APP14 (its colour transform is needed for CMYK/YCCK). Everything else is dropped whole: every APP1
 * (EXIF with its IFD1 thumbnail and maker notes, XMP, extended XMP), APP2 (ICC profiles, MPF
 * secondary images), APP13 (Photoshop/IPTC), the other APPn, COM, and all bytes after EOI.
 *
 * <p>The ICC profile is dropped, not scrubbed: decoders then assume sRGB, which is what almost all
 * camera and phone JPEGs are; a wide-gamut photo loses some saturation, never its content. The
 * EXIF orientation, when it is not 1, survives as a minimal EXIF block this class writes itself
 * (one IFD, one Orientation entry), so the photo still displays upright.
 *
 * <p>The input is streamed: segments are at most 64 KiB and the scan data is copied byte by byte.
 */
final class JpegStripper implements Stripper {
  private static final String XMP = "http://ns.adobe.com/xap/1.0/\0";
  private static final String XMP_EXTENSION = "http://ns.adobe.com/xmp/extension/\0";

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    EnumSet<Category> removed = EnumSet.noneOf(Category.class);
    OutputStream out = new BufferedOutputStream(sink, 1 << 16);
    try (ImageInput in = new ImageInput(source, limits)) {
      if (in.size() < 4 || in.u8() != 0xff || in.u8() != 0xd8) throw StripException.malformed("no JPEG SOI");
      out.write(new byte[] {(byte) 0xff, (byte) 0xd8});
      boolean jfifWritten = false;
      boolean orientationWritten = false;
      boolean frame = false;
      boolean scanned = false;
      int segments = 0;
      int marker = nextMarker(in);
      while (true) {
        if (++segments > limits.maxEntries()) throw StripException.tooComplex("more than " + limits.maxEntries() + " JPEG segments");
        if (marker == 0xd9) { // EOI
          if (!scanned) throw StripException.malformed("EOI before any scan");
          out.write(new byte[] {(byte) 0xff, (byte) 0xd9});
          break;
        }
        if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
          throw StripException.malformed("unexpected JPEG marker " + Integer.toHexString(marker));
        }
        int length = in.u16be();
        if (length < 2) throw StripException.malformed("JPEG segment length " + length);
        long payloadStart = in.pos;
        int payloadLength = length - 2;
        in.require(payloadStart, payloadLength);
        if (isFrame(marker)) {
          if (frame) throw StripException.malformed("two JPEG frames");
          checkFrame(in.read(payloadStart, payloadLength), marker, limits);
          frame = true;
          copySegment(in, marker, payloadLength, out);
        } else if (marker == 0xdb || marker == 0xc4 || marker == 0xcc || marker == 0xdd || marker == 0xdc) {
          copySegment(in, marker, payloadLength, out); // DQT, DHT, DAC, DRI, DNL
        } else if (marker == 0xda) { // SOS, then the entropy-coded data up to the next marker
          if (!frame) throw StripException.malformed("scan before frame");
          copySegment(in, marker, payloadLength, out);
          scanned = true;
          marker = copyScan(in, out);
          continue;
        } else {
          byte[] p = in.bytes(payloadLength);
          if (marker == 0xe0 && ImageMetadata.startsWith(p, 0, "JFIF\0") && p.length >= 14) {
            if (p.length > 14 && (p[12] != 0 || p[13] != 0)) removed.add(Category.PREVIEWS);
            if (!jfifWritten) writeJfif(p, out);
            jfifWritten = true;
          } else if (marker == 0xee && ImageMetadata.startsWith(p, 0, "Adobe") && p.length >= 12) {
            writeSegment(0xee, java.util.Arrays.copyOf(p, 12), out); // version, flags, colour transform
          } else {
            removed.addAll(classify(marker, p));
            if (marker == 0xe1 && ImageMetadata.startsWith(p, 0, "Exif\0\0") && !orientationWritten) {
              int orientation = ImageMetadata.orientation(java.util.Arrays.copyOfRange(p, 6, p.length));
              if (orientation != 1) {
                writeSegment(0xe1, minimalExif(orientation), out);
                orientationWritten = true;
              }
            }
          }
        }
        marker = nextMarker(in);
      }
      if (in.remaining() > 0) {
        // An appended JPEG (a "preview" or the unedited original) or any other trailer.
        boolean image = in.remaining() >= 3 && in.byteAt(in.pos) == 0xff && in.byteAt(in.pos + 1) == 0xd8;
        removed.add(image ? Category.PREVIEWS : Category.OTHER);
      }
    }
    out.flush();
    return Stripped.of(removed);
  }

  private static boolean isFrame(int m) {
    if (m == 0xc5 || m == 0xc6 || m == 0xc7 || m == 0xcd || m == 0xce || m == 0xcf || m == 0xde || m == 0xf7) {
      throw new StripException(StripException.Kind.UNSUPPORTED, "hierarchical or JPEG-LS frame");
    }
    return m == 0xc0 || m == 0xc1 || m == 0xc2 || m == 0xc3 || m == 0xc9 || m == 0xca || m == 0xcb;
  }

  /** Declared size against maxPixels before any decoder sees it. */
  private static void checkFrame(byte[] sof, int marker, StripLimits limits) {
    if (sof.length < 6) throw StripException.malformed("short SOF");
    long height = ((sof[1] & 0xff) << 8) | (sof[2] & 0xff);
    long width = ((sof[3] & 0xff) << 8) | (sof[4] & 0xff);
    int components = sof[5] & 0xff;
    if (width == 0 || components == 0 || sof.length != 6 + 3 * components) throw StripException.malformed("bad SOF");
    if (height == 0) throw new StripException(StripException.Kind.UNSUPPORTED, "height defined by DNL");
    if (width * height > limits.maxPixels()) throw StripException.tooComplex("JPEG of " + width + "x" + height);
  }

  private static Set<Category> classify(int marker, byte[] p) {
    if (marker == 0xfe) return EnumSet.of(Category.COMMENTS);
    if (marker == 0xe1 && ImageMetadata.startsWith(p, 0, "Exif\0\0") && p.length > 14) {
      return ImageMetadata.exif(java.util.Arrays.copyOfRange(p, 6, p.length));
    }
    if (marker == 0xe1 && ImageMetadata.startsWith(p, 0, XMP)) {
      return ImageMetadata.xmp(java.util.Arrays.copyOfRange(p, XMP.length(), p.length));
    }
    if (marker == 0xe1 && ImageMetadata.startsWith(p, 0, XMP_EXTENSION)) return ImageMetadata.xmp(p);
    if (marker == 0xe2 && ImageMetadata.startsWith(p, 0, "ICC_PROFILE\0") && p.length > 14 && p[12] == 1) {
      return ImageMetadata.icc(p, 14);
    }
    if (marker == 0xe2 && ImageMetadata.startsWith(p, 0, "MPF\0")) return EnumSet.of(Category.PREVIEWS);
    if (marker == 0xe0 && ImageMetadata.startsWith(p, 0, "JFXX\0")) return EnumSet.of(Category.PREVIEWS);
    if (marker == 0xed && ImageMetadata.startsWith(p, 0, "Photoshop 3.0\0")) return ImageMetadata.photoshop(p, 14);
    return EnumSet.of(Category.OTHER);
  }

  /** The next marker code; only 0xFF fill bytes may come before it. */
  private static int nextMarker(ImageInput in) throws IOException {
    if (in.u8() != 0xff) throw StripException.malformed("JPEG: expected a marker at " + (in.pos - 1));
    int m;
    do {
      m = in.u8();
    } while (m == 0xff);
    if (m == 0) throw StripException.malformed("JPEG: stuffed byte where a marker was expected");
    return m;
  }

  /** Copies entropy-coded data (with its stuffed 0xFF00 and RSTn) and returns the marker after it. */
  private static int copyScan(ImageInput in, OutputStream out) throws IOException {
    while (true) {
      int b = in.u8();
      if (b != 0xff) {
        out.write(b);
        continue;
      }
      int c;
      do {
        c = in.u8();
      } while (c == 0xff);
      if (c == 0x00 || (c >= 0xd0 && c <= 0xd7)) {
        out.write(0xff);
        out.write(c);
      } else {
        return c;
      }
    }
  }

  private static void copySegment(ImageInput in, int marker, int payloadLength, OutputStream out) throws IOException {
    out.write(0xff);
    out.write(marker);
    out.write((payloadLength + 2) >> 8);
    out.write(payloadLength + 2);
    in.copy(payloadLength, out);
  }

  private static void writeSegment(int marker, byte[] payload, OutputStream out) throws IOException {
    out.write(0xff);
    out.write(marker);
    out.write((payload.length + 2) >> 8);
    out.write(payload.length + 2);
    out.write(payload);
  }

  /** JFIF APP0: version, density unit and density kept; thumbnail size 0x0 and no thumbnail. */
  private static void writeJfif(byte[] p, OutputStream out) throws IOException {
    byte[] clean = java.util.Arrays.copyOf(p, 14);
    clean[12] = 0;
    clean[13] = 0;
    writeSegment(0xe0, clean, out);
  }

  /** "Exif\0\0", a big-endian TIFF header, one IFD with the one Orientation entry, no next IFD. */
  static byte[] minimalExif(int orientation) {
    return new byte[] {
      'E', 'x', 'i', 'f', 0, 0,
      'M', 'M', 0, 42, 0, 0, 0, 8,
      0, 1,
      0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
      0, 0, 0, 0
    };
  }
}

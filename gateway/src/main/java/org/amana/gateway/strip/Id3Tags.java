package org.amana.gateway.strip;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * ID3v2 tag framing (to drop a tag whole) and a look at its frame ids (to say what it held). Tags
 * are never rewritten: the strippers drop them, so unsynchronisation and compression do not matter;
 * the frame walk only reads ids and sizes, and anything it cannot follow is reported as OTHER.
 */
final class Id3Tags {
  static final int HEADER = 10;

  private Id3Tags() {}

  static boolean isV2Header(byte[] b, int i) {
    return b.length - i >= HEADER && b[i] == 'I' && b[i + 1] == 'D' && b[i + 2] == '3';
  }

  /** The whole length of the ID3v2 tag whose 10-byte header starts at {@code i}: header, body and footer. */
  static long v2Length(byte[] b, int i) {
    int major = MediaIo.u8(b, i + 3);
    if (major < 2 || major > 4 || MediaIo.u8(b, i + 4) == 0xff) throw StripException.malformed("ID3v2 version");
    long size = syncsafe(b, i + 6);
    boolean footer = major == 4 && (b[i + 5] & 0x10) != 0;
    return HEADER + size + (footer ? HEADER : 0);
  }

  static long syncsafe(byte[] b, int i) {
    long v = 0;
    for (int k = 0; k < 4; k++) {
      int x = b[i + k] & 0xff;
      if (x >= 0x80) throw StripException.malformed("ID3 size is not syncsafe");
      v = v << 7 | x;
    }
    return v;
  }

  /** Adds the categories the frames of the tag at {@code start} hold; the tag itself is already bounded. */
  static void classify(SeekableByteChannel ch, long start, long length, StripLimits limits, Set<Category> into)
      throws IOException {
    byte[] h = MediaIo.read(ch, start, HEADER, limits);
    int major = MediaIo.u8(h, 3);
    int flags = MediaIo.u8(h, 5);
    long pos = start + HEADER;
    long end = start + HEADER + syncsafe(h, 6);
    if (end > start + length) end = start + length;
    if ((flags & 0x80) != 0 && major < 4) {
      into.add(Category.OTHER); // unsynchronised v2.2/2.3: frame headers cannot be followed safely
      into.add(Category.COMMENTS);
      return;
    }
    if ((flags & 0x40) != 0 && major >= 3) {
      if (end - pos < 4) return;
      byte[] ext = MediaIo.read(ch, pos, 4, limits);
      long extSize = major == 4 ? syncsafe(ext, 0) : MediaIo.u32be(ext, 0) + 4;
      pos += extSize;
    }
    int idLength = major == 2 ? 3 : 4;
    int headerLength = major == 2 ? 6 : 10;
    for (int frames = 0; pos + headerLength <= end; frames++) {
      if (frames >= limits.maxEntries()) throw StripException.tooComplex("ID3 frames");
      byte[] fh = MediaIo.read(ch, pos, headerLength, limits);
      if (fh[0] == 0) return; // padding
      String id = new String(fh, 0, idLength, StandardCharsets.ISO_8859_1);
      long size = major == 2 ? MediaIo.u24be(fh, 3) : major == 4 ? syncsafeOrPlain(fh, 4) : MediaIo.u32be(fh, 4);
      long body = pos + headerLength;
      if (size > end - body) {
        into.add(Category.OTHER);
        return;
      }
      into.add(id.startsWith("TXX") ? txxx(ch, body, size, limits) : frame(id));
      pos = body + size;
    }
  }

  // iTunes wrote v2.4 frame sizes as plain integers for years; either way the walk stays inside the tag.
  private static long syncsafeOrPlain(byte[] b, int i) {
    boolean safe = (b[i] & 0x80) == 0 && (b[i + 1] & 0x80) == 0 && (b[i + 2] & 0x80) == 0 && (b[i + 3] & 0x80) == 0;
    return safe ? syncsafe(b, i) : MediaIo.u32be(b, i);
  }

  private static Category txxx(SeekableByteChannel ch, long body, long size, StripLimits limits) throws IOException {
    if (size < 2) return Category.COMMENTS;
    byte[] d = MediaIo.read(ch, body, Math.min(size, 256), limits);
    int enc = d[0];
    String text = switch (enc) {
      case 1 -> new String(d, 1, d.length - 1, StandardCharsets.UTF_16);
      case 2 -> new String(d, 1, d.length - 1, StandardCharsets.UTF_16BE);
      case 3 -> new String(d, 1, d.length - 1, StandardCharsets.UTF_8);
      default -> new String(d, 1, d.length - 1, StandardCharsets.ISO_8859_1);
    };
    int nul = text.indexOf('\0');
    return MediaTagNames.of(nul < 0 ? text : text.substring(0, nul));
  }

  private static Category frame(String id) {
    return switch (id) {
      case "TPE1", "TPE2", "TPE3", "TPE4", "TCOM", "TEXT", "TOLY", "TOPE", "TOWN", "TPUB", "TIPL", "TMCL", "IPLS",
          "TRSO", "TENC", "TP1", "TP2", "TP3", "TP4", "TCM", "TXT", "TOL", "TOA", "TPB", "TEN", "IPL" -> Category.PEOPLE;
      case "TDRC", "TDRL", "TDEN", "TDOR", "TDTG", "TYER", "TDAT", "TIME", "TORY", "TYE", "TDA", "TIM", "TOR" ->
          Category.TIMES;
      case "TSSE", "TSS" -> Category.SOFTWARE;
      case "APIC", "GEOB", "PIC", "GEO" -> Category.EMBEDDED;
      case "PRIV", "UFID", "MCDI", "UFI", "MCI" -> Category.OTHER;
      default -> id.startsWith("T") || id.startsWith("W") || id.startsWith("COM") || id.startsWith("US")
          || id.startsWith("SYL") || id.startsWith("ULT") || id.startsWith("SLT") ? Category.COMMENTS : Category.OTHER;
    };
  }
}

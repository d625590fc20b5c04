package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.EnumSet;
import java.util.Set;

/**
 * RIFF/WAVE. Whitelist: {@code fmt }, {@code fact} and {@code data} are written, in that order, with
 * a fresh RIFF size and zero pad bytes; every other chunk goes (LIST/INFO, bext, iXML, id3, _PMX
 * XMP, cue, unknown ones), and so do bytes after the RIFF chunk (often an appended ID3 tag). The
 * sample data is streamed unchanged. RF64/BW64 (files above 4 GiB) are refused as unsupported.
 */
final class WavStripper implements Stripper {
  private static final int HEADER = 12;

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    Set<Category> removed = EnumSet.noneOf(Category.class);
    try (SeekableByteChannel ch = source.channel()) {
      long size = ch.size();
      byte[] h = MediaIo.read(ch, 0, HEADER, limits);
      String riff = MediaIo.fourcc(h, 0);
      if (riff.equals("RF64") || riff.equals("BW64")) {
        throw new StripException(StripException.Kind.UNSUPPORTED, "RF64/BW64 WAVE");
      }
      if (!riff.equals("RIFF") || !MediaIo.fourcc(h, 8).equals("WAVE")) throw StripException.malformed("not RIFF/WAVE");
      long riffEnd = 8 + MediaIo.u32le(h, 4);
      if (riffEnd > size || riffEnd < HEADER) throw StripException.malformed("RIFF size");

      byte[] fmt = null;
      byte[] fact = null;
      long dataPos = -1;
      long dataLength = 0;
      long pos = HEADER;
      for (int n = 0; riffEnd - pos >= 8; n++) {
        if (n >= limits.maxEntries()) throw StripException.tooComplex("RIFF chunks");
        byte[] c = MediaIo.read(ch, pos, 8, limits);
        String id = MediaIo.fourcc(c, 0);
        long length = MediaIo.u32le(c, 4);
        long body = pos + 8;
        if (length > riffEnd - body) throw StripException.malformed("chunk runs past the RIFF end");
        switch (id) {
          case "fmt " -> {
            if (fmt != null || length < 16) throw StripException.malformed("fmt chunk");
            fmt = MediaIo.read(ch, body, length, limits);
          }
          case "fact" -> {
            if (fact != null) throw StripException.malformed("second fact chunk");
            fact = MediaIo.read(ch, body, length, limits);
          }
          case "data" -> {
            if (dataPos >= 0 || fmt == null) throw StripException.malformed("data chunk before fmt, or twice");
            dataPos = body;
            dataLength = length;
          }
          case "LIST" -> list(ch, body, length, limits, removed);
          case "bext" -> removed.addAll(Set.of(Category.PEOPLE, Category.TIMES, Category.COMMENTS));
          case "iXML" -> removed.addAll(Set.of(Category.COMMENTS, Category.OTHER));
          case "id3 ", "ID3 " -> {
            byte[] t = length >= Id3Tags.HEADER ? MediaIo.read(ch, body, Id3Tags.HEADER, limits) : new byte[0];
            if (Id3Tags.isV2Header(t, 0) && Id3Tags.v2Length(t, 0) <= length) {
              Id3Tags.classify(ch, body, length, limits, removed);
            } else {
              removed.add(Category.OTHER);
            }
          }
          case "_PMX" -> removed.addAll(Set.of(Category.SOFTWARE, Category.OTHER));
          case "JUNK", "junk", "PAD ", "pad ", "FLLR" -> {
            if (!MediaIo.allZero(ch, body, length)) removed.add(Category.OTHER);
          }
          default -> removed.add(Category.OTHER);
        }
        // Chunks are word-aligned; a missing pad byte after the last one is common and harmless.
        pos = Math.min(riffEnd, body + length + (length & 1));
      }
      if (pos < riffEnd && !MediaIo.allZero(ch, pos, riffEnd - pos)) removed.add(Category.OTHER);
      if (riffEnd < size && !MediaIo.allZero(ch, riffEnd, size - riffEnd)) removed.add(Category.OTHER);
      if (fmt == null || dataPos < 0) throw StripException.malformed("no fmt or data chunk");

      long riffSize = 4 + chunkLength(fmt.length) + (fact == null ? 0 : chunkLength(fact.length)) + chunkLength(dataLength);
      if (riffSize > 0xffffffffL) throw StripException.malformed("RIFF size");
      OutputStream out = new BufferedOutputStream(sink, 1 << 16);
      byte[] header = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'};
      MediaIo.put32le(header, 4, riffSize);
      out.write(header);
      chunk(out, "fmt ", fmt);
      if (fact != null) chunk(out, "fact", fact);
      out.write(chunkHeader("data", dataLength));
      MediaIo.copy(ch, dataPos, dataLength, out);
      if ((dataLength & 1) != 0) out.write(0);
      out.flush();
    }
    return Stripped.of(removed);
  }

  /** A LIST chunk: INFO sub-chunks say what they hold by their ids; any other list is reported as OTHER. */
  private static void list(SeekableByteChannel ch, long body, long length, StripLimits limits, Set<Category> removed)
      throws IOException {
    if (length < 4) {
      removed.add(Category.OTHER);
      return;
    }
    String type = MediaIo.fourcc(MediaIo.read(ch, body, 4, limits), 0);
    if (type.equals("adtl")) {
      removed.add(Category.COMMENTS); // labels and notes on cue points
      return;
    }
    if (!type.equals("INFO")) {
      removed.add(Category.OTHER);
      return;
    }
    long end = body + length;
    long pos = body + 4;
    for (int n = 0; end - pos >= 8; n++) {
      if (n >= limits.maxEntries()) throw StripException.tooComplex("INFO entries");
      byte[] c = MediaIo.read(ch, pos, 8, limits);
      removed.add(info(MediaIo.fourcc(c, 0)));
      pos += 8 + MediaIo.u32le(c, 4) + (MediaIo.u32le(c, 4) & 1);
    }
  }

  private static Category info(String id) {
    return switch (id) {
      case "IART", "ICMS", "IENG", "ITCH", "ICOP", "ISRC" -> Category.PEOPLE;
      case "ICRD", "IDIT" -> Category.TIMES;
      case "ISFT" -> Category.SOFTWARE;
      case "IARL" -> Category.PATHS;
      default -> Category.COMMENTS;
    };
  }

  private static long chunkLength(long length) {
    return 8 + length + (length & 1);
  }

  private static byte[] chunkHeader(String id, long length) {
    byte[] h = {(byte) id.charAt(0), (byte) id.charAt(1), (byte) id.charAt(2), (byte) id.charAt(3), 0, 0, 0, 0};
    MediaIo.put32le(h, 4, length);
    return h;
  }

  private static void chunk(OutputStream out, String id, byte[] body) throws IOException {
    out.write(chunkHeader(id, body.length));
    out.write(body);
    if ((body.length & 1) != 0) out.write(0);
  }
}

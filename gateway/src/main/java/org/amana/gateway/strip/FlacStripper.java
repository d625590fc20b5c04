package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.EnumSet;
import java.util.Set;

/**
 * Native FLAC. Whitelist of metadata blocks: STREAMINFO (needed to decode) and SEEKTABLE (sample
 * numbers and offsets relative to the first frame, so still right) are kept; VORBIS_COMMENT,
 * PICTURE (cover art with its own EXIF), APPLICATION, CUESHEET (catalogue number and ISRC),
 * PADDING and anything reserved go. An ID3v2 tag some taggers put before "fLaC" goes too. The audio
 * frames are copied unchanged; the last-block flag is rewritten on the last kept block.
 */
final class FlacStripper implements Stripper {
  private static final int STREAMINFO = 0;
  private static final int PADDING = 1;
  private static final int APPLICATION = 2;
  private static final int SEEKTABLE = 3;
  private static final int VORBIS_COMMENT = 4;
  private static final int CUESHEET = 5;
  private static final int PICTURE = 6;
  private static final int STREAMINFO_LENGTH = 34;
  private static final int SEEKPOINT_LENGTH = 18;

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    Set<Category> removed = EnumSet.noneOf(Category.class);
    try (SeekableByteChannel ch = source.channel()) {
      long size = ch.size();
      long pos = 0;
      if (size >= Id3Tags.HEADER) {
        byte[] h = MediaIo.read(ch, 0, Id3Tags.HEADER, limits);
        if (Id3Tags.isV2Header(h, 0)) {
          pos = Id3Tags.v2Length(h, 0);
          if (pos > size) throw StripException.malformed("ID3v2 tag runs past the end");
          Id3Tags.classify(ch, 0, pos, limits, removed);
        }
      }
      byte[] magic = MediaIo.read(ch, pos, 4, limits);
      if (magic[0] != 'f' || magic[1] != 'L' || magic[2] != 'a' || magic[3] != 'C') {
        throw StripException.malformed("no fLaC marker");
      }
      pos += 4;
      byte[] streamInfo = null;
      byte[] seekTable = null;
      boolean last = false;
      for (int n = 0; !last; n++) {
        if (n >= limits.maxEntries()) throw StripException.tooComplex("FLAC metadata blocks");
        byte[] h = MediaIo.read(ch, pos, 4, limits);
        last = (h[0] & 0x80) != 0;
        int type = h[0] & 0x7f;
        long length = MediaIo.u24be(h, 1);
        long body = pos + 4;
        if (length > size - body) throw StripException.malformed("FLAC block runs past the end");
        if (n == 0 && (type != STREAMINFO || length != STREAMINFO_LENGTH)) {
          throw StripException.malformed("FLAC must start with STREAMINFO");
        }
        switch (type) {
          case STREAMINFO -> {
            if (n != 0) throw StripException.malformed("second STREAMINFO");
            streamInfo = MediaIo.read(ch, body, length, limits);
          }
          case SEEKTABLE -> {
            if (seekTable != null || length % SEEKPOINT_LENGTH != 0) throw StripException.malformed("SEEKTABLE");
            seekTable = MediaIo.read(ch, body, length, limits);
          }
          case PADDING -> {
            if (!MediaIo.allZero(ch, body, length)) removed.add(Category.OTHER);
          }
          case VORBIS_COMMENT -> {
            byte[] c = MediaIo.read(ch, body, length, limits);
            VorbisComments.classify(c, 0, c.length, limits, removed);
          }
          case PICTURE -> removed.add(Category.EMBEDDED);
          case CUESHEET, APPLICATION -> removed.add(Category.OTHER);
          case 127 -> throw StripException.malformed("invalid FLAC block type");
          default -> removed.add(Category.OTHER);
        }
        pos = body + length;
      }
      // The audio must start right here with a frame sync (14 bits 11111111111110, then a reserved 0).
      byte[] sync = MediaIo.read(ch, pos, 2, limits);
      if ((sync[0] & 0xff) != 0xff || (sync[1] & 0xfe) != 0xf8) throw StripException.malformed("no FLAC frame after the metadata");

      OutputStream out = new BufferedOutputStream(sink, 1 << 16);
      out.write(new byte[] {'f', 'L', 'a', 'C'});
      block(out, STREAMINFO, streamInfo, seekTable == null);
      if (seekTable != null) block(out, SEEKTABLE, seekTable, true);
      MediaIo.copy(ch, pos, size - pos, out);
      out.flush();
    }
    return Stripped.of(removed);
  }

  private static void block(OutputStream out, int type, byte[] body, boolean last) throws IOException {
    out.write((last ? 0x80 : 0) | type);
    out.write(body.length >>> 16);
    out.write(body.length >>> 8);
    out.write(body.length);
    out.write(body);
  }
}

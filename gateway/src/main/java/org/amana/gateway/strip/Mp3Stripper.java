package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * MP3 (MPEG-1/2/2.5 audio, layers I–III). Whitelist: only MPEG audio frames are written, each
 * checked by its header and copied unchanged. ID3v2 tags at the start (and an appended one with a
 * footer), ID3v1 and Enhanced TAG+, APEv2 and Lyrics3 at the end go whole; bytes between frames that
 * are not frames go too. A Xing/Info/LAME header frame is a valid frame and is kept: it names the
 * encoder version ("LAME3.100"), an encoder fingerprint, not the person.
 */
final class Mp3Stripper implements Stripper {
  private static final int[][] BITRATES = { // kbit/s by [row][index 1..14]
      {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}}; // MPEG-2/2.5 layers II, III
  private static final int[][] RATES = {{11025, 12000, 8000}, null, {22050, 24000, 16000}, {44100, 48000, 32000}};
  private static final int APE_FOOTER = 32;
  private static final int ID3V1 = 128;
  private static final int ENHANCED_TAG = 227;
  private static final int RING = 64;

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    Set<Category> removed = EnumSet.noneOf(Category.class);
    try (SeekableByteChannel ch = source.channel()) {
      long size = ch.size();
      long start = leadingTags(ch, size, limits, removed);
      long end = trailingTags(ch, start, size, limits, removed);
      OutputStream out = new BufferedOutputStream(sink, 1 << 16);
      frames(ch, start, end, out, removed);
      out.flush();
    }
    return Stripped.of(removed);
  }

  /** Skips every ID3v2 tag at the start (some taggers stack several); returns where the audio starts. */
  private static long leadingTags(SeekableByteChannel ch, long size, StripLimits limits, Set<Category> removed)
      throws IOException {
    long pos = 0;
    for (int n = 0; size - pos >= Id3Tags.HEADER; n++) {
      if (n >= limits.maxEntries()) throw StripException.tooComplex("ID3 tags");
      byte[] h = MediaIo.read(ch, pos, Id3Tags.HEADER, limits);
      if (!Id3Tags.isV2Header(h, 0)) break;
      long length = Id3Tags.v2Length(h, 0);
      if (length > size - pos) throw StripException.malformed("ID3v2 tag runs past the end");
      Id3Tags.classify(ch, pos, length, limits, removed);
      pos += length;
    }
    return pos;
  }

  /** Peels the tags appended at the end, in any order; returns where the audio ends. */
  private static long trailingTags(SeekableByteChannel ch, long start, long size, StripLimits limits,
      Set<Category> removed) throws IOException {
    long end = size;
    for (int n = 0; ; n++) {
      if (n >= limits.maxEntries()) throw StripException.tooComplex("trailing tags");
      long avail = end - start;
      if (avail >= ID3V1 && is(ch, end - ID3V1, "TAG", limits)) {
        byte[] v1 = MediaIo.read(ch, end - ID3V1, ID3V1, limits);
        end -= ID3V1;
        if (!MediaIo.isZero(v1, 33, 63)) removed.add(Category.PEOPLE); // artist
        if (!MediaIo.isZero(v1, 93, 97)) removed.add(Category.TIMES); // year
        if (!MediaIo.isZero(v1, 3, 33) || !MediaIo.isZero(v1, 63, 93) || !MediaIo.isZero(v1, 97, 127)) {
          removed.add(Category.COMMENTS); // title, album, comment
        }
        if (end - start >= ENHANCED_TAG && is(ch, end - ENHANCED_TAG, "TAG+", limits)) {
          end -= ENHANCED_TAG;
          removed.add(Category.PEOPLE); // longer title, artist and album
          removed.add(Category.COMMENTS);
        }
      } else if (avail >= APE_FOOTER && is(ch, end - APE_FOOTER, "APETAGEX", limits)) {
        byte[] f = MediaIo.read(ch, end - APE_FOOTER, APE_FOOTER, limits);
        long tagSize = MediaIo.u32le(f, 12); // items and footer, not the header
        boolean hasHeader = (f[23] & 0x80) != 0;
        long total = tagSize + (hasHeader ? APE_FOOTER : 0);
        if (tagSize < APE_FOOTER || total > avail) throw StripException.malformed("APE tag size");
        apeItems(ch, end - tagSize, end - APE_FOOTER, MediaIo.u32le(f, 16), limits, removed);
        end -= total;
      } else if (avail >= 15 && is(ch, end - 9, "LYRICS200", limits)) {
        byte[] digits = MediaIo.read(ch, end - 15, 6, limits);
        for (byte d : digits) {
          if (d < '0' || d > '9') throw StripException.malformed("Lyrics3 size");
        }
        long total = 15 + Long.parseLong(new String(digits, StandardCharsets.ISO_8859_1));
        if (total > avail || !is(ch, end - total, "LYRICSBEGIN", limits)) throw StripException.malformed("Lyrics3v2");
        end -= total;
        removed.add(Category.COMMENTS);
      } else if (avail >= 20 && is(ch, end - 9, "LYRICSEND", limits)) {
        long begin = lyrics3v1Begin(ch, start, end, limits);
        end = begin;
        removed.add(Category.COMMENTS);
      } else if (avail >= 20 && is(ch, end - Id3Tags.HEADER, "3DI", limits)) {
        byte[] footer = MediaIo.read(ch, end - Id3Tags.HEADER, Id3Tags.HEADER, limits);
        long total = 2 * Id3Tags.HEADER + Id3Tags.syncsafe(footer, 6);
        if (total > avail || !is(ch, end - total, "ID3", limits)) throw StripException.malformed("appended ID3v2");
        Id3Tags.classify(ch, end - total, total, limits, removed);
        end -= total;
      } else {
        return end;
      }
    }
  }

  private static long lyrics3v1Begin(SeekableByteChannel ch, long start, long end, StripLimits limits)
      throws IOException {
    long from = Math.max(start, end - 9 - 5100 - 11); // Lyrics3 v1 holds at most 5100 bytes
    byte[] b = MediaIo.read(ch, from, end - from, limits);
    byte[] begin = "LYRICSBEGIN".getBytes(StandardCharsets.ISO_8859_1);
    for (int i = b.length - 9 - begin.length; i >= 0; i--) {
      if (Arrays.equals(b, i, i + begin.length, begin, 0, begin.length)) return from + i;
    }
    throw StripException.malformed("Lyrics3v1 without a beginning");
  }

  private static void apeItems(SeekableByteChannel ch, long pos, long end, long count, StripLimits limits,
      Set<Category> removed) throws IOException {
    if (count > limits.maxEntries()) throw StripException.tooComplex("APE items");
    for (long i = 0; i < count && end - pos >= 9; i++) {
      byte[] h = MediaIo.read(ch, pos, Math.min(8 + 256, end - pos), limits);
      long valueSize = MediaIo.u32le(h, 0);
      int nul = 8;
      while (nul < h.length && h[nul] != 0) nul++;
      if (nul == h.length) break;
      removed.add(MediaTagNames.of(new String(h, 8, nul - 8, StandardCharsets.ISO_8859_1)));
      pos += nul + 1 + valueSize;
    }
    removed.add(Category.COMMENTS);
  }

  private static boolean is(SeekableByteChannel ch, long pos, String magic, StripLimits limits) throws IOException {
    byte[] b = MediaIo.read(ch, pos, magic.length(), limits);
    return new String(b, StandardCharsets.ISO_8859_1).equals(magic);
  }

  /**
   * Writes the MPEG frames of [start, end); skipped bytes that are not frames are reported as
   * OTHER. Two walks: the first counts the frames, so that final frames whose bytes would read as
   * an appended tag (frame data can hold "TAG" 128 bytes before the end) are left out; otherwise a
   * tag reader, or this stripper run again, would cut the audio differently.
   */
  private static void frames(SeekableByteChannel ch, long start, long end, OutputStream out, Set<Category> removed)
      throws IOException {
    long[] ring = new long[2 * RING];
    long count = walk(ch, start, end, null, Long.MAX_VALUE, ring, removed);
    if (count == 0) throw StripException.malformed("no MPEG audio frame");
    long keep = count;
    while (looksTagged(ch, ring, count, keep)) {
      if (--keep == 0 || count - keep >= RING) throw StripException.malformed("frames that read as a tag");
    }
    walk(ch, start, end, out, keep, ring, removed);
  }

  /** Walks up to {@code max} frames, writing them when {@code out} is given; the last RING frames go into {@code ring}. */
  private static long walk(SeekableByteChannel ch, long start, long end, OutputStream out, long max, long[] ring,
      Set<Category> removed) throws IOException {
    Window w = new Window(ch, end);
    int signature = -1; // version, layer and sample rate bits of the first frame: every frame must share them
    long pos = start;
    long frames = 0;
    while (pos < end && frames < max) {
      int len = frameAt(w, pos, signature);
      if (len > 0 && pos + len <= end && (signature >= 0 || confirmed(w, pos + len, end, headerAt(w, pos)))) {
        if (signature < 0) signature = headerAt(w, pos) & 0xfffe0c00;
        if (out != null) out.write(w.buf, w.at(pos, len), len);
        ring[(int) (frames % RING) * 2] = pos;
        ring[(int) (frames % RING) * 2 + 1] = len;
        frames++;
        pos += len;
        continue;
      }
      if (len > 0 && pos + len > end && frames > 0) { // the last frame cut short: audio, dropped
        break;
      }
      removed.add(Category.OTHER);
      pos++;
    }
    return frames;
  }

  /** Whether the output made of the first {@code keep} frames would end like an ID3v1, APE, Lyrics3 or ID3v2 footer. */
  private static boolean looksTagged(SeekableByteChannel ch, long[] ring, long count, long keep) throws IOException {
    ByteArrayOutputStream tail = new ByteArrayOutputStream();
    for (long f = keep - 1; f >= 0 && f >= count - RING && tail.size() < ID3V1; f--) {
      int i = (int) (f % RING) * 2;
      byte[] frame = new byte[(int) ring[i + 1]];
      ByteBuffer b = ByteBuffer.wrap(frame);
      ch.position(ring[i]);
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) throw StripException.malformed("truncated");
      }
      byte[] joined = new byte[frame.length + tail.size()];
      System.arraycopy(frame, 0, joined, 0, frame.length);
      System.arraycopy(tail.toByteArray(), 0, joined, frame.length, tail.size());
      tail.reset();
      tail.writeBytes(joined);
    }
    String t = new String(tail.toByteArray(), StandardCharsets.ISO_8859_1);
    int n = t.length();
    return (n >= ID3V1 && t.startsWith("TAG", n - ID3V1)) || (n >= APE_FOOTER && t.startsWith("APETAGEX", n - APE_FOOTER))
        || t.endsWith("LYRICS200") || t.endsWith("LYRICSEND") || (n >= 10 && t.startsWith("3DI", n - 10));
  }

  /** A first frame counts only when the next one follows it (or it ends the audio): a false sync is rarer. */
  private static boolean confirmed(Window w, long next, long end, int header) throws IOException {
    return next == end || frameAt(w, next, header & 0xfffe0c00) > 0;
  }

  private static int headerAt(Window w, long pos) throws IOException {
    int o = w.at(pos, 4);
    return o < 0 ? 0 : (w.buf[o] & 0xff) << 24 | (w.buf[o + 1] & 0xff) << 16 | (w.buf[o + 2] & 0xff) << 8
        | (w.buf[o + 3] & 0xff);
  }

  /** The length of the frame whose header is at {@code pos}, or 0 when there is none (or it differs from the stream). */
  static int frameAt(Window w, long pos, int signature) throws IOException {
    if (w.at(pos, 4) < 0) return 0;
    int h = headerAt(w, pos);
    if ((h & 0xffe00000) != 0xffe00000) return 0;
    if (signature >= 0 && (h & 0xfffe0c00) != signature) return 0;
    int version = h >>> 19 & 3;
    int layer = h >>> 17 & 3;
    int bitrate = h >>> 12 & 15;
    int rate = h >>> 10 & 3;
    int pad = h >>> 9 & 1;
    if (version == 1 || layer == 0 || bitrate == 0 || bitrate == 15 || rate == 3) return 0; // free format too
    boolean mpeg1 = version == 3;
    int row = mpeg1 ? 3 - layer : layer == 3 ? 3 : 4;
    long bps = BITRATES[row][bitrate] * 1000L;
    int sr = RATES[version][rate];
    if (layer == 3) return (int) ((12 * bps / sr + pad) * 4);
    return (int) ((layer == 1 && !mpeg1 ? 72 : 144) * bps / sr + pad);
  }

  /** A read-ahead window over the channel, so that walking frames of a few hundred bytes costs few reads. */
  static final class Window {
    private final SeekableByteChannel ch;
    private final long end;
    final byte[] buf = new byte[1 << 16];
    private long base = -1;
    private int len;

    Window(SeekableByteChannel ch, long end) {
      this.ch = ch;
      this.end = end;
    }

    /** The offset in {@link #buf} of [pos, pos + n), or -1 when that passes the end (n is at most a frame). */
    int at(long pos, int n) throws IOException {
      if (pos < 0 || pos + n > end) return -1;
      if (base >= 0 && pos >= base && pos + n <= base + len) return (int) (pos - base);
      int want = (int) Math.min(buf.length, end - pos);
      ByteBuffer b = ByteBuffer.wrap(buf, 0, want);
      ch.position(pos);
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) throw StripException.malformed("truncated");
      }
      base = pos;
      len = want;
      return 0;
    }
  }
}

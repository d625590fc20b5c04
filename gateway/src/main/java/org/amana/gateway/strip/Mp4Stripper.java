package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * MP4 and QuickTime (ISO base media file format). Whitelist at the top level: {@code ftyp}, the
 * rebuilt {@code moov} ({@link Mp4Movie}) and every {@code mdat}, in their original order; file-level
 * {@code meta}, {@code udta}, {@code uuid} (XMP), previews, {@code free}/{@code skip}/{@code wide} and
 * anything unknown are left out. Removing boxes moves the media data, so every chunk offset of the
 * kept tracks is rewritten to its new place. Inside {@code mdat}, bytes that no kept track uses
 * (the samples of dropped tracks such as GPS telemetry, and unreferenced gaps) are zeroed; the
 * samples themselves are copied unchanged, so H.264 SEI user data inside them is not removed.
 * Fragmented files ({@code moof}) are unsupported.
 */
final class Mp4Stripper implements Stripper {
  private record Top(String type, long start, int header, long size) {
    long end() {
      return start + size;
    }
  }

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    Set<Category> removed = EnumSet.noneOf(Category.class);
    String refined;
    try (SeekableByteChannel ch = source.channel()) {
      long size = ch.size();
      List<Top> top = topLevel(ch, size, limits, removed);
      Top moov = null;
      Top ftyp = null;
      for (Top t : top) {
        if (t.type().equals("moov")) {
          if (moov != null) throw StripException.malformed("two moov boxes");
          moov = t;
        } else if (t.type().equals("ftyp") && ftyp == null) {
          if (t != top.get(0) || t.size() < t.header() + 8) throw StripException.malformed("ftyp");
          ftyp = t;
        }
      }
      if (moov == null) throw StripException.malformed("no moov box");
      refined = ftyp == null ? "video/quicktime" : type(MediaIo.fourcc(MediaIo.read(ch, ftyp.start() + ftyp.header(), 4, limits), 0));

      if (moov.size() > limits.maxBlockBytes()) throw StripException.tooComplex("moov of " + moov.size() + " bytes");
      Mp4Movie movie = new Mp4Movie(MediaIo.read(ch, moov.start(), moov.size(), limits), limits, removed);
      byte[] newMoov = movie.rebuild(moov.header());

      // Where each kept box lands; only the mdat boxes matter to the chunk offsets.
      List<Top> kept = new ArrayList<>();
      List<Long> newStart = new ArrayList<>();
      long at = 0;
      for (Top t : top) {
        if (t == ftyp || t == moov || t.type().equals("mdat")) {
          kept.add(t);
          newStart.add(at);
          at += t == moov ? newMoov.length : t.size();
        } else {
          dropped(ch, t, limits, movie, removed);
        }
      }
      patchOffsets(newMoov, movie, kept, newStart);
      long[] zero = zeroRanges(movie, size);

      OutputStream out = new BufferedOutputStream(sink, 1 << 16);
      for (Top t : kept) {
        if (t == moov) {
          out.write(newMoov);
        } else if (t == ftyp) {
          MediaIo.copy(ch, t.start(), t.size(), out);
        } else {
          MediaIo.copy(ch, t.start(), t.header(), out);
          if (mdat(ch, t.start() + t.header(), t.end(), zero, out)) removed.add(Category.OTHER);
        }
      }
      out.flush();
    }
    return new Stripped(removed, refined);
  }

  private static String type(String brand) {
    return switch (brand) {
      case "qt  " -> "video/quicktime";
      case "M4A ", "M4B ", "M4P " -> "audio/mp4";
      default -> brand.startsWith("3g2") ? "video/3gpp2" : brand.startsWith("3g") ? "video/3gpp" : "video/mp4";
    };
  }

  private static List<Top> topLevel(SeekableByteChannel ch, long size, StripLimits limits, Set<Category> removed)
      throws IOException {
    List<Top> top = new ArrayList<>();
    long pos = 0;
    while (pos < size) {
      if (top.size() >= limits.maxEntries()) throw StripException.tooComplex("top-level boxes");
      if (size - pos < 8) {
        if (!MediaIo.allZero(ch, pos, size - pos)) removed.add(Category.OTHER);
        break;
      }
      byte[] h = MediaIo.read(ch, pos, Math.min(16, size - pos), limits);
      long boxSize = MediaIo.u32be(h, 0);
      int header = 8;
      if (boxSize == 1) {
        if (h.length < 16) throw StripException.malformed("truncated box header");
        boxSize = MediaIo.u64be(h, 8);
        header = 16;
      } else if (boxSize == 0) {
        boxSize = size - pos;
      }
      if (boxSize < header || boxSize > size - pos) throw StripException.malformed("box runs past the end");
      String type = MediaIo.fourcc(h, 4);
      switch (type) {
        case "moof", "mfra", "sidx", "ssix", "styp" ->
            throw new StripException(StripException.Kind.UNSUPPORTED, "fragmented MP4");
        default -> top.add(new Top(type, pos, header, boxSize));
      }
      pos += boxSize;
    }
    return top;
  }

  /** What a dropped top-level box held. */
  private static void dropped(SeekableByteChannel ch, Top t, StripLimits limits, Mp4Movie movie,
      Set<Category> removed) throws IOException {
    switch (t.type()) {
      case "free", "skip", "wide" -> {
        if (!MediaIo.allZero(ch, t.start() + t.header(), t.size() - t.header())) removed.add(Category.OTHER);
      }
      case "pnot", "PICT" -> removed.add(Category.PREVIEWS);
      case "meta", "udta" -> {
        if (t.size() > limits.maxBlockBytes()) {
          removed.add(Category.OTHER); // too large to look into; it goes all the same
        } else {
          byte[] b = MediaIo.read(ch, t.start(), t.size(), limits);
          Mp4Movie look = new Mp4Movie(b, limits, removed);
          look.dropped(new Mp4Movie.Box(t.type(), 0, t.header(), b.length), 0);
        }
      }
      default -> removed.add(Category.OTHER); // uuid (XMP and vendor data), pdin, unknown
    }
  }

  /** Rewrites every chunk offset of the kept tracks to where its mdat now starts. */
  private static void patchOffsets(byte[] moov, Mp4Movie movie, List<Top> kept, List<Long> newStart) {
    List<Top> mdats = new ArrayList<>();
    List<Long> mdatStart = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).type().equals("mdat")) {
        mdats.add(kept.get(i));
        mdatStart.add(newStart.get(i));
      }
    }
    for (Mp4Movie.OffsetTable t : movie.tables) {
      int width = t.wide() ? 8 : 4;
      for (int i = 0; i < t.count(); i++) {
        int p = t.pos() + i * width;
        long old = t.wide() ? MediaIo.u64be(moov, p) : MediaIo.u32be(moov, p);
        int k = find(mdats, old);
        if (k < 0) throw StripException.malformed("chunk offset outside the media data");
        long now = old - mdats.get(k).start() + mdatStart.get(k);
        if (t.wide()) {
          MediaIo.put64be(moov, p, now);
        } else {
          if (now > 0xffffffffL) throw StripException.malformed("chunk offset overflow");
          MediaIo.put32be(moov, p, now);
        }
      }
    }
  }

  /** The index of the mdat whose payload holds {@code offset} (mdats are in file order), or -1. */
  private static int find(List<Top> mdats, long offset) {
    int lo = 0;
    int hi = mdats.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Top t = mdats.get(mid);
      if (offset < t.start() + t.header()) {
        hi = mid - 1;
      } else if (offset >= t.end()) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /**
   * The byte ranges of mdat to write as zeros, sorted: everything the kept tracks do not use when
   * their chunk sizes are exact, else (QuickTime PCM) only what the dropped tracks used.
   */
  private static long[] zeroRanges(Mp4Movie movie, long size) {
    long[] keep = movie.kept.union();
    if (!movie.exactChunks) return movie.dropped.union();
    long[] zero = new long[keep.length + 2];
    int k = 0;
    long cursor = 0;
    for (int i = 0; i < keep.length; i += 2) {
      if (keep[i] > cursor) {
        zero[k++] = cursor;
        zero[k++] = keep[i];
      }
      cursor = Math.max(cursor, keep[i + 1]);
    }
    if (cursor < size) {
      zero[k++] = cursor;
      zero[k++] = size;
    }
    return Arrays.copyOf(zero, k);
  }

  /** Writes mdat's payload [from, to) with the zero ranges zeroed; true when a zeroed byte was not zero. */
  private static boolean mdat(SeekableByteChannel ch, long from, long to, long[] zero, OutputStream out)
      throws IOException {
    boolean hidden = false;
    long pos = from;
    for (int i = 0; i < zero.length && pos < to; i += 2) {
      long zs = Math.max(zero[i], pos);
      long ze = Math.min(zero[i + 1], to);
      if (ze <= zs) continue;
      MediaIo.copy(ch, pos, zs - pos, out);
      if (!hidden && !MediaIo.allZero(ch, zs, ze - zs)) hidden = true;
      MediaIo.zeros(out, ze - zs);
      pos = ze;
    }
    MediaIo.copy(ch, pos, to - pos, out);
    return hidden;
  }
}

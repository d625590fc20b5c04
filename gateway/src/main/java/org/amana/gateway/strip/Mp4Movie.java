package org.amana.gateway.strip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds one {@code moov} box (held in memory, bounded by maxBlockBytes) from a whitelist: the
 * movie header and the audio and video tracks, down to their sample tables. Creation and
 * modification times are zeroed, handler names emptied, sample-entry vendor and compressor names
 * zeroed; {@code udta}, {@code meta}, {@code uuid}, edit references and every other track (timed
 * metadata, text, timecode) are left out, and only looked at to say what they held. It also
 * collects what {@link Mp4Stripper} needs to lay out the file: where the chunk offset tables are in
 * the new box, and the byte ranges of the kept and the dropped tracks' chunks.
 */
final class Mp4Movie {
  record Box(String type, int start, int header, int end) {
    int body() {
      return start + header;
    }
  }

  /** A chunk offset table in the rebuilt box: where its first entry is, how many, 32 or 64 bits. */
  record OffsetTable(int pos, int count, boolean wide) {}

  private final byte[] m;
  private final StripLimits limits;
  private final Set<Category> removed;
  private final Buf out;
  final List<OffsetTable> tables = new ArrayList<>();
  final Ranges kept;
  final Ranges dropped;
  /** False when a kept track's chunk sizes cannot be trusted to be exact (QuickTime PCM sample sizes). */
  boolean exactChunks = true;
  private int boxes;

  Mp4Movie(byte[] moov, StripLimits limits, Set<Category> removed) {
    this.m = moov;
    this.limits = limits;
    this.removed = removed;
    this.out = new Buf(moov.length);
    this.kept = new Ranges(limits.maxBlockBytes() / 16);
    this.dropped = new Ranges(limits.maxBlockBytes() / 16);
  }

  /** The new moov box, from the old one whose header is {@code header} bytes long. */
  byte[] rebuild(int header) {
    int start = out.begin("moov");
    boolean movieHeader = false;
    int tracks = 0;
    for (Box b : children(header, m.length, true)) {
      switch (b.type()) {
        case "mvhd" -> {
          if (movieHeader) throw StripException.malformed("two mvhd");
          movieHeader = true;
          copyZeroingTimes(b);
        }
        case "trak" -> tracks += track(b) ? 1 : 0;
        case "mvex" -> throw new StripException(StripException.Kind.UNSUPPORTED, "fragmented MP4");
        case "iods" -> { } // profile levels only
        default -> dropped(b, 0);
      }
    }
    if (!movieHeader) throw StripException.malformed("no mvhd");
    if (tracks == 0) throw new StripException(StripException.Kind.UNSUPPORTED, "no audio or video track");
    out.end(start);
    return out.bytes();
  }

  private boolean track(Box trak) {
    Box mdia = only(trak, "mdia");
    Box hdlr = only(mdia, "hdlr");
    if (hdlr.end() - hdlr.body() < 24) throw StripException.malformed("hdlr");
    String handler = MediaIo.fourcc(m, hdlr.body() + 8);
    boolean video = handler.equals("vide");
    if (!video && !handler.equals("soun")) {
      removed.add(switch (handler) {
        case "tmcd" -> Category.TIMES; // a timecode track holds the time of day of the recording
        case "text", "sbtl", "subt", "clcp" -> Category.COMMENTS;
        default -> Category.OTHER; // timed metadata (GPS telemetry), hints, chapters...
      });
      chunks(only(only(mdia, "minf"), "stbl"), dropped, false);
      return false;
    }
    int start = out.begin("trak");
    boolean header = false;
    for (Box b : children(trak.body(), trak.end(), true)) {
      switch (b.type()) {
        case "tkhd" -> {
          header = true;
          copyZeroingTimes(b);
        }
        case "edts" -> container(b, Set.of("elst"));
        case "mdia" -> media(b, video);
        case "tapt" -> out.copy(m, b.start(), b.end()); // aperture dimensions, for display
        case "tref" -> { } // references to tracks that may be gone; players do not need them for A/V
        default -> dropped(b, 0);
      }
    }
    if (!header) throw StripException.malformed("trak without tkhd");
    out.end(start);
    return true;
  }

  private void media(Box mdia, boolean video) {
    int start = out.begin("mdia");
    for (Box b : children(mdia.body(), mdia.end(), true)) {
      switch (b.type()) {
        case "mdhd" -> copyZeroingTimes(b);
        case "hdlr" -> handler(b);
        case "minf" -> {
          int s = out.begin("minf");
          for (Box c : children(b.body(), b.end(), true)) {
            switch (c.type()) {
              case "vmhd", "smhd" -> out.copy(m, c.start(), c.end());
              case "hdlr" -> handler(c);
              case "dinf" -> dataInfo(c);
              case "stbl" -> sampleTable(c, video);
              default -> dropped(c, 0);
            }
          }
          out.end(s);
        }
        case "elng" -> { } // extended language tag
        default -> dropped(b, 0);
      }
    }
    out.end(start);
  }

  /** Only a self-contained data reference is accepted: the media must be in this file, not named elsewhere. */
  private void dataInfo(Box dinf) {
    int start = out.begin("dinf");
    for (Box b : children(dinf.body(), dinf.end(), true)) {
      if (!b.type().equals("dref")) {
        dropped(b, 0);
        continue;
      }
      if (b.end() - b.body() < 8) throw StripException.malformed("dref");
      for (Box e : children(b.body() + 8, b.end(), true)) {
        boolean self = e.end() - e.body() == 4 && (m[e.body() + 3] & 1) != 0;
        if (!self) throw new StripException(StripException.Kind.UNSUPPORTED, "media data in another file");
      }
      out.copy(m, b.start(), b.end());
    }
    out.end(start);
  }

  private void sampleTable(Box stbl, boolean video) {
    int start = out.begin("stbl");
    for (Box b : children(stbl.body(), stbl.end(), true)) {
      switch (b.type()) {
        case "stsd" -> sampleDescriptions(b, video);
        case "stts", "ctts", "cslg", "stss", "stps", "sdtp", "stsc", "stsz", "sgpd", "sbgp", "subs", "padb" ->
            out.copy(m, b.start(), b.end());
        case "stco", "co64" -> {
          boolean wide = b.type().equals("co64");
          int count = tableCount(b, wide ? 8 : 4);
          int pos = out.size() + (b.body() - b.start()) + 8;
          out.copy(m, b.start(), b.end());
          tables.add(new OffsetTable(pos, count, wide));
        }
        case "stz2" -> throw new StripException(StripException.Kind.UNSUPPORTED, "compact sample sizes (stz2)");
        default -> dropped(b, 0);
      }
    }
    out.end(start);
    chunks(stbl, kept, !video);
  }

  /** Copies stsd, zeroing the vendor (and for video the compressor name) of each sample entry: encoder fingerprints. */
  private void sampleDescriptions(Box stsd, boolean video) {
    int at = out.size();
    out.copy(m, stsd.start(), stsd.end());
    if (stsd.end() - stsd.body() < 8) throw StripException.malformed("stsd");
    byte[] o = out.array();
    for (Box e : children(stsd.body() + 8, stsd.end(), true)) {
      int base = at + (e.start() - stsd.start());
      int length = e.end() - e.start();
      if (length >= 24 && !MediaIo.isZero(o, base + 20, base + 24)) removed.add(Category.SOFTWARE);
      if (length >= 24) Arrays.fill(o, base + 20, base + 24, (byte) 0);
      if (video && length >= 82) {
        if (!MediaIo.isZero(o, base + 50, base + 82)) removed.add(Category.SOFTWARE);
        Arrays.fill(o, base + 50, base + 82, (byte) 0);
      }
    }
  }

  /** The byte ranges of a track's chunks, from its stco/co64, stsc and stsz. */
  private void chunks(Box stbl, Ranges into, boolean audio) {
    Box co = null;
    Box stsc = null;
    Box stsz = null;
    for (Box b : children(stbl.body(), stbl.end(), true)) {
      switch (b.type()) {
        case "stco", "co64" -> co = b;
        case "stsc" -> stsc = b;
        case "stsz" -> stsz = b;
        default -> { }
      }
    }
    if (co == null) return; // no samples
    if (stsc == null || stsz == null) {
      if (into == kept) throw StripException.malformed("sample table without stsc or stsz");
      return; // a dropped track we cannot map: its bytes stay zeroed only if no kept track covers them
    }
    boolean wide = co.type().equals("co64");
    int chunks = tableCount(co, wide ? 8 : 4);
    int entries = tableCount(stsc, 12);
    if (stsz.end() - stsz.body() < 12) throw StripException.malformed("stsz");
    long sampleSize = MediaIo.u32be(m, stsz.body() + 4);
    long samples = MediaIo.u32be(m, stsz.body() + 8);
    if (sampleSize == 0 && samples > (stsz.end() - stsz.body() - 12) / 4) throw StripException.malformed("stsz count");
    if (sampleSize != 0 && audio && into == kept) exactChunks = false; // QuickTime PCM counts frames, not bytes
    int e = 0;
    long sample = 0;
    for (int k = 1; k <= chunks; k++) {
      if (entries == 0) throw StripException.malformed("empty stsc");
      while (e + 1 < entries && MediaIo.u32be(m, stsc.body() + 8 + (e + 1) * 12) <= k) e++;
      long perChunk = MediaIo.u32be(m, stsc.body() + 8 + e * 12 + 4);
      if (perChunk > samples - sample) throw StripException.malformed("stsc names more samples than stsz");
      long bytes;
      if (sampleSize != 0) {
        bytes = perChunk * sampleSize; // both below 2^32: no overflow
      } else {
        bytes = 0;
        for (long s = sample; s < sample + perChunk; s++) bytes += MediaIo.u32be(m, stsz.body() + 12 + (int) s * 4);
      }
      sample += perChunk;
      int p = co.body() + 8 + (k - 1) * (wide ? 8 : 4);
      long offset = wide ? MediaIo.u64be(m, p) : MediaIo.u32be(m, p);
      into.add(offset, offset + bytes);
    }
  }

  private int tableCount(Box b, int entrySize) {
    if (b.end() - b.body() < 8) throw StripException.malformed(b.type());
    long count = MediaIo.u32be(m, b.body() + 4);
    if (count > (b.end() - b.body() - 8) / entrySize) throw StripException.malformed(b.type() + " count");
    return (int) count;
  }

  /** mvhd, tkhd, mdhd: creation and modification time sit right after version and flags. */
  private void copyZeroingTimes(Box b) {
    int v = m[b.body()] & 0xff;
    int width = v == 1 ? 8 : 4;
    if (v > 1 || b.end() - b.body() < 4 + 2 * width + 8) throw StripException.malformed(b.type());
    int at = out.size() + b.header();
    out.copy(m, b.start(), b.end());
    if (!MediaIo.isZero(out.array(), at + 4, at + 4 + 2 * width)) removed.add(Category.TIMES);
    Arrays.fill(out.array(), at + 4, at + 4 + 2 * width, (byte) 0);
  }

  /** hdlr keeps its version, type and handler type; reserved fields are zeroed and the name emptied. */
  private void handler(Box b) {
    int body = b.body();
    if (b.end() - body < 24) throw StripException.malformed("hdlr");
    if (!MediaIo.isZero(m, body + 24, b.end())) removed.add(Category.SOFTWARE);
    int start = out.begin("hdlr");
    out.copy(m, body, body + 12);
    out.copy(new byte[12], 0, 12);
    if (b.end() > body + 24) out.copy(new byte[1], 0, 1); // an empty name, C string and Pascal string alike
    out.end(start);
  }

  /** Keeps a container with only the listed children. */
  private void container(Box box, Set<String> keep) {
    int start = out.begin(box.type());
    for (Box b : children(box.body(), box.end(), true)) {
      if (keep.contains(b.type())) out.copy(m, b.start(), b.end());
      else dropped(b, 0);
    }
    out.end(start);
  }

  private Box only(Box parent, String type) {
    Box found = null;
    for (Box b : children(parent.body(), parent.end(), true)) {
      if (b.type().equals(type)) {
        if (found != null) throw StripException.malformed("two " + type + " in " + parent.type());
        found = b;
      }
    }
    if (found == null) throw StripException.malformed("no " + type + " in " + parent.type());
    return found;
  }

  /** What a dropped box held, by its type and, for udta and meta, by what is inside. */
  void dropped(Box b, int depth) {
    if (depth > limits.maxDepth()) throw StripException.tooComplex("nested metadata boxes");
    switch (b.type()) {
      case "udta" -> {
        for (Box c : children(b.body(), b.end(), false)) dropped(c, depth + 1);
      }
      case "meta" -> {
        int from = b.body();
        // ISO meta is a full box (4 bytes of version and flags); QuickTime's is a plain container.
        if (b.end() - from >= 12 && MediaIo.u32be(m, from) == 0 && !MediaIo.fourcc(m, from + 4).equals("hdlr")) from += 4;
        for (Box c : children(from, b.end(), false)) dropped(c, depth + 1);
      }
      case "ilst" -> {
        for (Box c : children(b.body(), b.end(), false)) {
          boolean indexed = MediaIo.u32be(m, c.start() + 4) < 0x10000; // items named by a keys index
          if (!indexed) dropped(c, depth + 1);
        }
      }
      case "keys" -> keys(b);
      case "hdlr", "free", "skip", "wide", "data" -> {
        if (!b.type().equals("hdlr") && !b.type().equals("data") && !MediaIo.isZero(m, b.body(), b.end())) {
          removed.add(Category.OTHER);
        }
      }
      default -> removed.add(atom(b.type()));
    }
  }

  private void keys(Box b) {
    if (b.end() - b.body() < 8) {
      removed.add(Category.OTHER);
      return;
    }
    long count = MediaIo.u32be(m, b.body() + 4);
    int pos = b.body() + 8;
    for (long i = 0; i < count && b.end() - pos >= 8; i++) {
      long size = MediaIo.u32be(m, pos);
      if (size < 8 || size > b.end() - pos) break;
      removed.add(MediaTagNames.of(new String(m, pos + 8, (int) size - 8, StandardCharsets.UTF_8)));
      pos += (int) size;
    }
  }

  private static Category atom(String type) {
    return switch (type) {
      case "©xyz", "loci", "©lox" -> Category.LOCATION;
      case "©day", "yrrc", "©dte" -> Category.TIMES;
      case "©ART", "©aut", "auth", "perf", "aART", "©wrt", "©prf", "©dir", "©prd", "©src", "cprt", "©cpy", "©own",
          "ownr" -> Category.PEOPLE;
      case "©too", "©swr", "©enc", "©fmt", "©req" -> Category.SOFTWARE;
      case "©mak", "©mod" -> Category.DEVICE;
      case "covr", "iloc", "iinf", "idat" -> Category.EMBEDDED;
      case "titl", "dscp", "gnre", "kywd", "albm", "rtng", "clsf", "desc", "ldes" -> Category.COMMENTS;
      default -> type.startsWith("©") ? Category.COMMENTS : Category.OTHER;
    };
  }

  /**
   * The boxes in {@code m[from, to)}. Strict: every box must fit, and a tail shorter than a box
   * header must be zeros (QuickTime ends some lists with a 32-bit 0). Lenient (for boxes being
   * dropped): stops at the first box that does not fit and reports OTHER.
   */
  List<Box> children(int from, int to, boolean strict) {
    List<Box> list = new ArrayList<>();
    int pos = from;
    while (to - pos >= 8) {
      if (++boxes > limits.maxEntries()) throw StripException.tooComplex("boxes in moov");
      long size = MediaIo.u32be(m, pos);
      int header = 8;
      if (size == 1) {
        if (to - pos < 16) return fail(list, strict);
        size = MediaIo.u64be(m, pos + 8);
        header = 16;
      } else if (size == 0) {
        size = to - pos;
      }
      if (size < header || size > to - pos) return fail(list, strict);
      list.add(new Box(MediaIo.fourcc(m, pos + 4), pos, header, pos + (int) size));
      pos += (int) size;
    }
    if (pos < to && !MediaIo.isZero(m, pos, to)) return fail(list, strict);
    return list;
  }

  private List<Box> fail(List<Box> list, boolean strict) {
    if (strict) throw StripException.malformed("box runs past its parent");
    removed.add(Category.OTHER);
    return list;
  }

  /** A growable output buffer for the new box, never larger than the old one plus a few bytes. */
  static final class Buf {
    private byte[] b;
    private int n;

    Buf(int capacity) {
      b = new byte[Math.max(64, capacity)];
    }

    int begin(String type) {
      int at = n;
      copy(new byte[] {0, 0, 0, 0, (byte) type.charAt(0), (byte) type.charAt(1), (byte) type.charAt(2),
          (byte) type.charAt(3)}, 0, 8);
      return at;
    }

    void end(int at) {
      MediaIo.put32be(b, at, n - at);
    }

    void copy(byte[] src, int from, int to) {
      int len = to - from;
      if (n + len > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, n + len));
      System.arraycopy(src, from, b, n, len);
      n += len;
    }

    int size() {
      return n;
    }

    byte[] array() {
      return b;
    }

    byte[] bytes() {
      return Arrays.copyOf(b, n);
    }
  }

  /** Byte ranges [start, end) as two sorted-on-demand arrays; the union is walked by counting. */
  static final class Ranges {
    private final int max;
    long[] starts = new long[16];
    long[] ends = new long[16];
    int n;

    Ranges(int max) {
      this.max = max;
    }

    void add(long start, long end) {
      if (n >= max) throw StripException.tooComplex("chunks");
      if (n == starts.length) {
        starts = Arrays.copyOf(starts, n * 2);
        ends = Arrays.copyOf(ends, n * 2);
      }
      starts[n] = start;
      ends[n++] = end;
    }

    /** The union as sorted, disjoint [start, end) pairs. */
    long[] union() {
      long[] s = Arrays.copyOf(starts, n);
      long[] e = Arrays.copyOf(ends, n);
      Arrays.sort(s);
      Arrays.sort(e);
      long[] u = new long[2 * n];
      int k = 0;
      int depth = 0;
      for (int i = 0, j = 0; i < n || j < n; ) {
        if (i < n && s[i] <= e[j]) {
          if (depth++ == 0) u[k++] = s[i];
          i++;
        } else {
          if (--depth == 0) u[k++] = e[j];
          j++;
        }
      }
      return Arrays.copyOf(u, k);
    }
  }
}

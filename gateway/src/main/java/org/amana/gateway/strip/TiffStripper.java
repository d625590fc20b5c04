package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * TIFF: writes a fresh file in the same byte order that holds, for every page, only the baseline
 * tags needed to render it (size, samples, compression, photometric, strips or tiles, colour map,
 * predictor, resolution, orientation, YCbCr and colorimetry tags) and its strip or tile data,
 * copied by offset. Every other tag is dropped with what it points to: ExifIFD, GPS IFD, XMP (700),
 * IPTC (33723), Photoshop (34377), ICC (34675), SubIFDs, and the text tags (Artist, Make, Model,
 * HostComputer, DocumentName...). Every page of a multi-page TIFF is kept with the same whitelist;
 * reduced-resolution pages (thumbnails) are dropped.
 *
 * <p>Only compressions whose data cannot hold metadata are accepted (none, CCITT, LZW, Deflate,
 * PackBits); JPEG-in-TIFF (6, 7) could carry its own APPn blocks and is refused as UNSUPPORTED, as
 * is BigTIFF.
 */
final class TiffStripper implements Stripper {
  private static final Set<Integer> KEEP = Set.of(254, 256, 257, 258, 259, 262, 266, 273, 274, 277, 278, 279,
      282, 283, 284, 292, 293, 296, 301, 317, 318, 319, 320, 322, 323, 324, 325, 338, 339, 340, 341, 529, 530, 531, 532);
  private static final Set<Integer> COMPRESSIONS = Set.of(1, 2, 3, 4, 5, 8, 32946, 32773);
  private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};
  private static final int SHORT = 3;
  private static final int LONG = 4;

  /** A kept tag: its type, count and raw value bytes (in the file's byte order). */
  private record Entry(int type, long count, byte[] value) {}

  /** A kept page: its tags by number, and where its strips or tiles are in the source. */
  private record Page(TreeMap<Integer, Entry> tags, long[] offsets, long[] lengths, int offsetsTag, int lengthsTag) {}

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    EnumSet<Category> removed = EnumSet.noneOf(Category.class);
    OutputStream out = new BufferedOutputStream(sink, 1 << 16);
    try (ImageInput in = new ImageInput(source, limits)) {
      byte[] header = in.read(0, 8);
      boolean little;
      if (header[0] == 'I' && header[1] == 'I') little = true;
      else if (header[0] == 'M' && header[1] == 'M') little = false;
      else throw StripException.malformed("no TIFF byte order");
      int magic = ImageMetadata.u16(header, 2, little);
      if (magic == 43) throw new StripException(StripException.Kind.UNSUPPORTED, "BigTIFF");
      if (magic != 42) throw StripException.malformed("no TIFF magic");
      List<Page> pages = new ArrayList<>();
      Set<Long> seen = new HashSet<>();
      long ifd = ImageMetadata.u32(header, 4, little);
      long[] held = {0};
      while (ifd != 0) {
        if (!seen.add(ifd)) throw StripException.malformed("TIFF IFD loop");
        if (seen.size() > limits.maxEntries()) throw StripException.tooComplex("too many TIFF pages");
        ifd = readPage(in, ifd, little, limits, pages, removed, held);
      }
      if (pages.isEmpty()) throw StripException.malformed("TIFF without an image");
      write(in, pages, header, little, out);
    }
    out.flush();
    return Stripped.of(removed);
  }

  /** Reads one IFD into {@code pages} (unless it is a thumbnail) and returns the next IFD's offset. */
  private static long readPage(ImageInput in, long ifd, boolean little, StripLimits limits, List<Page> pages,
      Set<Category> removed, long[] held) throws IOException {
    int n = ImageMetadata.u16(in.read(ifd, 2), 0, little);
    if (n > limits.maxEntries()) throw StripException.tooComplex("TIFF IFD of " + n + " entries");
    byte[] entries = in.read(ifd + 2, 12L * n + 4);
    TreeMap<Integer, Entry> tags = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      int e = 12 * i;
      int tag = ImageMetadata.u16(entries, e, little);
      int type = ImageMetadata.u16(entries, e + 2, little);
      long count = ImageMetadata.u32(entries, e + 4, little);
      long valueOffset = ImageMetadata.u32(entries, e + 8, little);
      long bytes = type > 0 && type < TYPE_SIZE.length ? count * TYPE_SIZE[type] : -1;
      if (KEEP.contains(tag) && !numeric(type, tag, count)) {
        removed.add(Category.OTHER); // a kept tag in a text or opaque type, or oversized: it could carry anything
      } else if (KEEP.contains(tag)) {
        if (bytes < 0 || count == 0) throw StripException.malformed("bad TIFF entry");
        byte[] value = bytes <= 4 ? java.util.Arrays.copyOfRange(entries, e + 8, e + 8 + (int) bytes)
            : in.read(valueOffset, bytes);
        held[0] += value.length; // every page's kept values stay in memory until the file is written
        if (held[0] > limits.maxBlockBytes()) throw StripException.tooComplex("TIFF tag values too large");
        if (tags.put(tag, new Entry(type, count, value)) != null) throw StripException.malformed("repeated TIFF tag");
      } else {
        removed.addAll(classify(in, tag, bytes, valueOffset, entries, e + 8, little, limits));
      }
    }
    long next = ImageMetadata.u32(entries, 12 * n, little);
    long subfile = number(tags, 254, 0, little);
    if ((subfile & 1) != 0 && !pages.isEmpty()) { // a reduced-resolution copy: a preview
      removed.add(Category.PREVIEWS);
      return next;
    }
    pages.add(page(in, tags, little, limits));
    return next;
  }

  private static Page page(ImageInput in, TreeMap<Integer, Entry> tags, boolean little, StripLimits limits) {
    long width = number(tags, 256, -1, little);
    long height = number(tags, 257, -1, little);
    if (width <= 0 || height <= 0) throw StripException.malformed("TIFF page without a size");
    if (width * height > limits.maxPixels()) throw StripException.tooComplex("TIFF of " + width + "x" + height);
    long compression = number(tags, 259, 1, little);
    if (!COMPRESSIONS.contains((int) compression)) {
      throw new StripException(StripException.Kind.UNSUPPORTED, "TIFF compression " + compression);
    }
    boolean tiled = tags.containsKey(324);
    if (tiled == tags.containsKey(273)) throw StripException.malformed("TIFF needs strips or tiles");
    int offsetsTag = tiled ? 324 : 273;
    int lengthsTag = tiled ? 325 : 279;
    long[] offsets = numbers(tags.get(offsetsTag), little, limits);
    long[] lengths = numbers(tags.get(lengthsTag), little, limits);
    if (offsets.length != lengths.length) throw StripException.malformed("TIFF strip counts differ");
    for (int i = 0; i < offsets.length; i++) in.require(offsets[i], lengths[i]);
    return new Page(tags, offsets, lengths, offsetsTag, lengthsTag);
  }

  /** Lays the pages out (IFD, its values, its data) and writes them. */
  private static void write(ImageInput in, List<Page> pages, byte[] header, boolean little, OutputStream out)
      throws IOException {
    long pos = 8;
    List<Long> ifdOffsets = new ArrayList<>();
    List<long[]> dataOffsets = new ArrayList<>();
    for (Page p : pages) {
      ifdOffsets.add(pos);
      pos += 2 + 12L * p.tags().size() + 4;
      for (var t : p.tags().entrySet()) {
        long bytes = valueBytes(p, t.getKey(), t.getValue());
        if (bytes > 4) pos += bytes + (bytes & 1);
      }
      long[] placed = new long[p.offsets().length];
      for (int i = 0; i < placed.length; i++) {
        placed[i] = pos;
        pos += p.lengths()[i] + (p.lengths()[i] & 1);
      }
      dataOffsets.add(placed);
    }
    if (pos > 0xffffffffL) throw StripException.tooComplex("TIFF larger than 4 GiB");
    Bytes w = new Bytes(out, little);
    out.write(header, 0, 4);
    w.u32(ifdOffsets.get(0));
    for (int k = 0; k < pages.size(); k++) {
      Page p = pages.get(k);
      long at = ifdOffsets.get(k);
      long valuesAt = at + 2 + 12L * p.tags().size() + 4;
      List<byte[]> values = new ArrayList<>();
      w.u16(p.tags().size());
      for (var t : p.tags().entrySet()) {
        int tag = t.getKey();
        Entry e = t.getValue();
        byte[] value = e.value();
        int type = e.type();
        if (tag == p.offsetsTag() || tag == p.lengthsTag()) {
          long[] numbers = tag == p.offsetsTag() ? dataOffsets.get(k) : p.lengths();
          value = w.longs(numbers);
          type = LONG;
        }
        w.u16(tag);
        w.u16(type);
        w.u32(value.length / TYPE_SIZE[type]);
        if (value.length <= 4) {
          out.write(value);
          out.write(new byte[4 - value.length]);
        } else {
          w.u32(valuesAt);
          values.add(value);
          valuesAt += value.length + (value.length & 1);
        }
      }
      w.u32(k + 1 < pages.size() ? ifdOffsets.get(k + 1) : 0);
      for (byte[] v : values) {
        out.write(v);
        if ((v.length & 1) != 0) out.write(0);
      }
      for (int i = 0; i < p.offsets().length; i++) {
        in.copy(p.offsets()[i], p.lengths()[i], out);
        if ((p.lengths()[i] & 1) != 0) out.write(0);
      }
    }
  }

  /**
   * Kept tags hold numbers only (BYTE, SHORT, LONG, RATIONAL and their signed and float forms), and
   * only a few of them unless the tag is an array by nature (strips, tiles, colour map, transfer).
   */
  private static boolean numeric(int type, int tag, long count) {
    boolean number = type == 1 || type == 3 || type == 4 || type == 5 || (type >= 8 && type <= 12);
    boolean array = tag == 273 || tag == 279 || tag == 324 || tag == 325 || tag == 320 || tag == 301;
    return number && (array || count <= 64);
  }

  private static long valueBytes(Page p, int tag, Entry e) {
    if (tag == p.offsetsTag() || tag == p.lengthsTag()) return 4L * p.offsets().length;
    return e.value().length;
  }

  private static Set<Category> classify(ImageInput in, int tag, long bytes, long valueOffset, byte[] entries, int inline,
      boolean little, StripLimits limits) throws IOException {
    boolean readable = bytes > 4 && bytes <= limits.maxBlockBytes() && valueOffset + bytes <= in.size();
    switch (tag) {
      case 700:
        return readable ? ImageMetadata.xmp(in.read(valueOffset, bytes)) : EnumSet.of(Category.OTHER);
      case 33723:
        return readable ? ImageMetadata.iptc(in.read(valueOffset, bytes)) : EnumSet.of(Category.COMMENTS);
      case 34377:
        return readable ? ImageMetadata.photoshop(in.read(valueOffset, bytes), 0) : EnumSet.of(Category.OTHER);
      case 34675:
        return readable ? ImageMetadata.icc(in.read(valueOffset, bytes), 0) : EnumSet.of(Category.OTHER);
      case 34665: { // ExifIFD: its tags, by number
        EnumSet<Category> found = EnumSet.noneOf(Category.class);
        long sub = ImageMetadata.u32(entries, inline, little);
        if (sub + 2 > in.size()) return EnumSet.of(Category.OTHER);
        int n = ImageMetadata.u16(in.read(sub, 2), 0, little);
        if (sub + 2 + 12L * n > in.size()) return EnumSet.of(Category.OTHER);
        byte[] e = in.read(sub + 2, 12L * n);
        for (int i = 0; i < n; i++) {
          Category c = ImageMetadata.tag(ImageMetadata.u16(e, 12 * i, little), Category.DEVICE);
          if (c != null) found.add(c);
        }
        return found.isEmpty() ? EnumSet.of(Category.OTHER) : found;
      }
      default: {
        Category c = ImageMetadata.tag(tag, Category.OTHER);
        return c == null ? EnumSet.noneOf(Category.class) : EnumSet.of(c);
      }
    }
  }

  /** A single SHORT or LONG value of a kept tag, or {@code absent}. */
  private static long number(TreeMap<Integer, Entry> tags, int tag, long absent, boolean little) {
    Entry e = tags.get(tag);
    if (e == null) return absent;
    if (e.type() == SHORT) return ImageMetadata.u16(e.value(), 0, little);
    if (e.type() == LONG) return ImageMetadata.u32(e.value(), 0, little);
    throw StripException.malformed("TIFF tag " + tag + " of type " + e.type());
  }

  private static long[] numbers(Entry e, boolean little, StripLimits limits) {
    if (e == null) throw StripException.malformed("TIFF strip tags missing");
    if (e.count() > limits.maxEntries()) throw StripException.tooComplex("more than " + limits.maxEntries() + " TIFF strips");
    long[] v = new long[(int) e.count()];
    for (int i = 0; i < v.length; i++) {
      if (e.type() == SHORT) v[i] = ImageMetadata.u16(e.value(), 2 * i, little);
      else if (e.type() == LONG) v[i] = ImageMetadata.u32(e.value(), 4 * i, little);
      else throw StripException.malformed("TIFF strip tag of type " + e.type());
    }
    return v;
  }

  /** Numbers in the output's byte order. */
  private record Bytes(OutputStream out, boolean little) {
    void u16(int v) throws IOException {
      if (little) {
        out.write(v);
        out.write(v >> 8);
      } else {
        out.write(v >> 8);
        out.write(v);
      }
    }

    void u32(long v) throws IOException {
      out.write(longs(new long[] {v}));
    }

    byte[] longs(long[] values) {
      byte[] b = new byte[4 * values.length];
      for (int i = 0; i < values.length; i++) {
        for (int j = 0; j < 4; j++) {
          int shift = little ? 8 * j : 8 * (3 - j);
          b[4 * i + j] = (byte) (values[i] >> shift);
        }
      }
      return b;
    }
  }
}

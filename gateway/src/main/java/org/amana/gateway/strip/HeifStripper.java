package org.amana.gateway.strip;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HEIC/HEIF still images (ISO BMFF): rewrites the file as ftyp, a fresh {@code meta} and one
 * {@code mdat} that holds only the primary image item and the tiles it is derived from ('dimg').
 * Every other item is dropped with its data: EXIF and XMP items, thumbnails, auxiliary images
 * (alpha and depth maps too), and any other item. The new meta keeps hdlr (without a name), pitm,
 * iinf (items without names), iloc (one extent each, in the new mdat), iref (references among kept
 * items) and iprp with only the rendering properties (hvcC without SEI arrays, ispe, nclx colr,
 * pixi, irot, imir, clap, pasp). ICC colour profiles are dropped. SEI NAL units (where encoders
 * write their name and settings) are dropped from the kept HEVC data. Image sequences (moov),
 * external data references and iloc construction method 2 are refused as UNSUPPORTED.
 */
final class HeifStripper implements Stripper {
  private static final Set<String> PROPERTIES = Set.of("hvcC", "ispe", "colr", "pixi", "irot", "imir", "clap", "pasp");

  /** One item: its type and flags (from infe) and its data, as ranges of the source file. */
  private static final class Item {
    final long id;
    String type = "";
    String contentType = "";
    int infeFlags;
    List<long[]> ranges = new ArrayList<>();

    Item(long id) {
      this.id = id;
    }

    long length() {
      long n = 0;
      for (long[] r : ranges) n += r[1];
      return n;
    }
  }

  private record Box(String type, long start, long payload, long end) {}

  private record Ref(String type, long from, List<Long> to) {}

  @Override
  public Stripped strip(Source source, OutputStream sink, StripLimits limits) throws IOException {
    EnumSet<Category> removed = EnumSet.noneOf(Category.class);
    OutputStream out = new BufferedOutputStream(sink, 1 << 16);
    try (ImageInput in = new ImageInput(source, limits)) {
      Box ftyp = null;
      Box meta = null;
      for (Box b : children(in, 0, in.size(), limits)) {
        switch (b.type()) {
          case "ftyp" -> ftyp = ftyp == null ? b : fail("two ftyp");
          case "meta" -> meta = meta == null ? b : fail("two meta");
          case "moov" -> throw new StripException(StripException.Kind.UNSUPPORTED, "HEIF image sequence");
          case "mdat", "free", "skip" -> { }
          default -> removed.add(Category.OTHER);
        }
      }
      if (ftyp == null || meta == null) throw StripException.malformed("HEIF without ftyp or meta");
      Parsed p = parseMeta(in, meta, limits);
      Set<Long> keep = kept(p, limits);
      for (Item item : p.items.values()) {
        if (!keep.contains(item.id)) removed.addAll(classify(in, item, p.refs, limits));
      }
      write(in, ftyp, p, keep, limits, removed, out);
    }
    out.flush();
    return Stripped.of(removed);
  }

  private static <T> T fail(String why) {
    throw StripException.malformed(why);
  }

  private static final class Parsed {
    long primary = -1;
    Map<Long, Item> items = new LinkedHashMap<>();
    List<Ref> refs = new ArrayList<>();
    List<Box> properties = new ArrayList<>();
    Map<Long, List<int[]>> associations = new HashMap<>(); // item -> {property index, essential}
    boolean pict;
    int entries; // extents, references and associations held, against maxEntries

    void count(StripLimits limits) {
      if (++entries > limits.maxEntries()) throw StripException.tooComplex("too many HEIF entries");
    }
  }

  private static Parsed parseMeta(ImageInput in, Box meta, StripLimits limits) throws IOException {
    Parsed p = new Parsed();
    Box idat = null;
    Box iloc = null;
    for (Box b : children(in, meta.payload() + 4, meta.end(), limits)) {
      switch (b.type()) {
        case "hdlr" -> p.pict = b.end() - b.payload() >= 12 && "pict".equals(ascii(in, b.payload() + 8, 4));
        case "pitm" -> {
          in.pos = b.payload();
          p.primary = in.u8() == 0 ? skip3(in).u16be() : skip3(in).u32be();
        }
        case "iinf" -> parseIinf(in, b, p, limits);
        case "iloc" -> iloc = b;
        case "iref" -> parseIref(in, b, p, limits);
        case "iprp" -> parseIprp(in, b, p, limits);
        case "idat" -> idat = b;
        default -> { }
      }
    }
    if (!p.pict || p.primary < 0 || iloc == null) throw StripException.malformed("HEIF meta without hdlr pict, pitm or iloc");
    parseIloc(in, iloc, idat, p, limits);
    return p;
  }

  private static ImageInput skip3(ImageInput in) {
    in.skip(3);
    return in;
  }

  private static void parseIinf(ImageInput in, Box b, Parsed p, StripLimits limits) throws IOException {
    in.pos = b.payload();
    int version = in.u8();
    in.skip(3);
    long count = version == 0 ? in.u16be() : in.u32be();
    if (count > limits.maxEntries()) throw StripException.tooComplex("too many HEIF items");
    for (Box infe : children(in, in.pos, b.end(), limits)) {
      if (!infe.type().equals("infe")) continue;
      in.pos = infe.payload();
      int v = in.u8();
      int flags = (in.u8() << 16) | in.u16be();
      if (v < 2) throw new StripException(StripException.Kind.UNSUPPORTED, "infe version " + v);
      long id = v == 2 ? in.u16be() : in.u32be();
      if (in.u16be() != 0) throw new StripException(StripException.Kind.UNSUPPORTED, "protected HEIF item");
      Item item = p.items.computeIfAbsent(id, Item::new);
      item.type = ascii(in, in.pos, 4);
      item.infeFlags = flags;
      in.pos += 4;
      cString(in, infe.end()); // the item name: never copied
      if (item.type.equals("mime")) item.contentType = cString(in, infe.end());
    }
  }

  private static void parseIref(ImageInput in, Box b, Parsed p, StripLimits limits) throws IOException {
    in.pos = b.payload();
    int version = in.u8();
    for (Box r : children(in, b.payload() + 4, b.end(), limits)) {
      in.pos = r.payload();
      long from = version == 0 ? in.u16be() : in.u32be();
      int n = in.u16be();
      List<Long> to = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        p.count(limits);
        to.add(version == 0 ? (long) in.u16be() : in.u32be());
      }
      if (in.pos > r.end()) throw StripException.malformed("iref entry past its box");
      p.refs.add(new Ref(r.type(), from, to));
    }
  }

  private static void parseIprp(ImageInput in, Box b, Parsed p, StripLimits limits) throws IOException {
    for (Box c : children(in, b.payload(), b.end(), limits)) {
      if (c.type().equals("ipco")) {
        p.properties.addAll(children(in, c.payload(), c.end(), limits));
      } else if (c.type().equals("ipma")) {
        in.pos = c.payload();
        int version = in.u8();
        int flags = (in.u8() << 16) | in.u16be();
        long count = in.u32be();
        if (count > limits.maxEntries()) throw StripException.tooComplex("too many ipma entries");
        for (long i = 0; i < count; i++) {
          long id = version < 1 ? in.u16be() : in.u32be();
          int n = in.u8();
          List<int[]> list = p.associations.computeIfAbsent(id, k -> new ArrayList<>());
          for (int j = 0; j < n; j++) {
            p.count(limits);
            int a = (flags & 1) != 0 ? in.u16be() : in.u8();
            int essentialBit = (flags & 1) != 0 ? 0x8000 : 0x80;
            list.add(new int[] {a & (essentialBit - 1), (a & essentialBit) != 0 ? 1 : 0});
          }
          if (in.pos > c.end()) throw StripException.malformed("ipma past its box");
        }
      }
    }
  }

  private static void parseIloc(ImageInput in, Box b, Box idat, Parsed p, StripLimits limits) throws IOException {
    in.pos = b.payload();
    int version = in.u8();
    in.skip(3);
    int sizes = in.u8();
    int more = in.u8();
    int offsetSize = sizes >> 4;
    int lengthSize = sizes & 15;
    int baseSize = more >> 4;
    int indexSize = version >= 1 ? more & 15 : 0;
    if (version > 2) throw new StripException(StripException.Kind.UNSUPPORTED, "iloc version " + version);
    long count = version < 2 ? in.u16be() : in.u32be();
    if (count > limits.maxEntries()) throw StripException.tooComplex("too many iloc items");
    for (long i = 0; i < count; i++) {
      long id = version < 2 ? in.u16be() : in.u32be();
      int method = version >= 1 ? in.u16be() & 15 : 0;
      if (in.u16be() != 0) throw new StripException(StripException.Kind.UNSUPPORTED, "external HEIF data");
      if (method > 1) throw new StripException(StripException.Kind.UNSUPPORTED, "iloc construction method " + method);
      long base = sized(in, baseSize);
      int extents = in.u16be();
      Item item = p.items.computeIfAbsent(id, Item::new);
      if (!item.ranges.isEmpty()) throw StripException.malformed("item located twice");
      if (extents > limits.maxEntries()) throw StripException.tooComplex("too many extents");
      for (int e = 0; e < extents; e++) {
        p.count(limits);
        sized(in, indexSize);
        long offset = base + sized(in, offsetSize);
        long length = sized(in, lengthSize);
        if (length == 0 || offset < 0) throw new StripException(StripException.Kind.UNSUPPORTED, "open-ended HEIF extent");
        if (method == 1) {
          if (idat == null || offset > idat.end() - idat.payload() - length) throw StripException.malformed("extent outside idat");
          offset += idat.payload();
        }
        in.require(offset, length);
        item.ranges.add(new long[] {offset, length});
      }
      if (in.pos > b.end()) throw StripException.malformed("iloc past its box");
    }
  }

  private static long sized(ImageInput in, int size) throws IOException {
    return switch (size) {
      case 0 -> 0;
      case 4 -> in.u32be();
      case 8 -> {
        long v = (in.u32be() << 32) | in.u32be();
        if (v < 0) throw StripException.malformed("HEIF offset out of range");
        yield v;
      }
      default -> throw StripException.malformed("iloc field size " + size);
    };
  }

  /** The primary item and, transitively, the items it is derived from ('dimg'). */
  private static Set<Long> kept(Parsed p, StripLimits limits) {
    Item primary = p.items.get(p.primary);
    if (primary == null) throw StripException.malformed("HEIF primary item missing");
    Set<Long> keep = new LinkedHashSet<>();
    List<Long> todo = new ArrayList<>(List.of(p.primary));
    for (int depth = 0; !todo.isEmpty(); depth++) {
      if (depth > limits.maxDepth()) throw StripException.tooComplex("HEIF derivation too deep");
      List<Long> next = new ArrayList<>();
      for (long id : todo) {
        Item item = p.items.get(id);
        if (item == null || Set.of("Exif", "mime", "uri ").contains(item.type)) throw StripException.malformed("bad image item");
        if (!keep.add(id)) continue;
        for (Ref r : p.refs) {
          if (r.from() == id && r.type().equals("dimg")) next.addAll(r.to());
        }
      }
      todo = next;
    }
    return keep;
  }

  private static Set<Category> classify(ImageInput in, Item item, List<Ref> refs, StripLimits limits) throws IOException {
    boolean readable = item.length() > 8 && item.length() <= limits.maxBlockBytes();
    if (item.type.equals("Exif") && readable) {
      byte[] d = data(in, item);
      long skip = 4 + ImageMetadata.u32(d, 0, false); // the offset of the TIFF header after this field
      return skip + 8 < d.length ? ImageMetadata.exif(java.util.Arrays.copyOfRange(d, (int) skip, d.length))
          : EnumSet.of(Category.OTHER);
    }
    if (item.type.equals("mime") && (item.contentType.contains("rdf+xml") || item.contentType.contains("xmp"))) {
      return readable ? ImageMetadata.xmp(data(in, item)) : EnumSet.of(Category.OTHER);
    }
    for (Ref r : refs) {
      if (r.from() == item.id && r.type().equals("thmb")) return EnumSet.of(Category.PREVIEWS);
    }
    return EnumSet.of(Category.OTHER);
  }

  private static byte[] data(ImageInput in, Item item) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (long[] r : item.ranges) in.copy(r[0], r[1], b);
    return b.toByteArray();
  }

  /** Writes ftyp, the new meta, then the new mdat with the kept items' data. */
  private static void write(ImageInput in, Box ftyp, Parsed p, Set<Long> keep, StripLimits limits,
      Set<Category> removed, OutputStream out) throws IOException {
    // Properties: only the whitelisted ones, renumbered; hvcC without SEI arrays.
    Map<Integer, Integer> newIndex = new HashMap<>();
    ByteArrayOutputStream ipco = new ByteArrayOutputStream();
    int lengthSize = 4;
    for (int i = 0; i < p.properties.size(); i++) {
      Box b = p.properties.get(i);
      byte[] body = in.read(b.payload(), b.end() - b.payload());
      if (!PROPERTIES.contains(b.type()) || (b.type().equals("colr") && !ImageMetadata.startsWith(body, 0, "nclx"))) {
        if (usedBy(p, keep, i + 1)) {
          removed.addAll(b.type().equals("colr") && body.length > 4 ? ImageMetadata.icc(body, 4) : EnumSet.of(Category.OTHER));
        }
        continue;
      }
      if (b.type().equals("hvcC")) {
        if (body.length < 23) throw StripException.malformed("short hvcC");
        lengthSize = (body[21] & 3) + 1;
        body = HevcSei.config(body);
      }
      newIndex.put(i + 1, newIndex.size() + 1);
      box(ipco, b.type(), body);
    }
    // Item data: SEI NAL units dropped from HEVC items; the rest copied as is.
    Map<Long, List<long[]>> data = new LinkedHashMap<>();
    long mdatLength = 0;
    for (long id : keep) {
      Item item = p.items.get(id);
      List<long[]> ranges = item.type.equals("hvc1") ? HevcSei.nalRanges(in, item.ranges, lengthSize, limits, removed) : item.ranges;
      data.put(id, ranges);
      for (long[] r : ranges) mdatLength += r[1];
    }
    byte[] meta = meta(p, keep, ipco.toByteArray(), newIndex, data, 0);
    long mdatStart = (ftyp.end() - ftyp.start()) + meta.length + 8;
    if (mdatStart + mdatLength > 0xffffffffL) throw StripException.tooComplex("HEIF larger than 4 GiB");
    meta = meta(p, keep, ipco.toByteArray(), newIndex, data, mdatStart);
    in.copy(ftyp.start(), ftyp.end() - ftyp.start(), out);
    out.write(meta);
    out.write(u32(8 + mdatLength));
    out.write("mdat".getBytes(StandardCharsets.ISO_8859_1));
    for (List<long[]> ranges : data.values()) {
      for (long[] r : ranges) in.copy(r[0], r[1], out);
    }
  }

  private static boolean usedBy(Parsed p, Set<Long> keep, int index) {
    for (long id : keep) {
      for (int[] a : p.associations.getOrDefault(id, List.of())) {
        if (a[0] == index) return true;
      }
    }
    return false;
  }

  private static byte[] meta(Parsed p, Set<Long> keep, byte[] ipco, Map<Integer, Integer> newIndex,
      Map<Long, List<long[]>> data, long mdatStart) throws IOException {
    boolean wide = keep.stream().anyMatch(id -> id > 0xffff);
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.write(new byte[4]); // version and flags
    box(m, "hdlr", concat(new byte[8], "pict".getBytes(StandardCharsets.ISO_8859_1), new byte[13]));
    box(m, "dinf", boxBytes("dref", concat(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}, boxBytes("url ", new byte[] {0, 0, 0, 1}))));
    box(m, "pitm", wide ? concat(new byte[] {1, 0, 0, 0}, u32(p.primary)) : concat(new byte[4], u16(p.primary)));
    ByteArrayOutputStream iinf = new ByteArrayOutputStream();
    iinf.write(new byte[] {1, 0, 0, 0});
    iinf.write(u32(keep.size()));
    for (long id : keep) {
      Item item = p.items.get(id);
      byte[] head = new byte[] {(byte) (wide ? 3 : 2), (byte) (item.infeFlags >> 16), (byte) (item.infeFlags >> 8), (byte) item.infeFlags};
      box(iinf, "infe", concat(head, wide ? u32(id) : u16(id), new byte[2], item.type.getBytes(StandardCharsets.ISO_8859_1), new byte[1]));
    }
    box(m, "iinf", iinf.toByteArray());
    ByteArrayOutputStream iloc = new ByteArrayOutputStream();
    iloc.write(new byte[] {(byte) (wide ? 2 : 1), 0, 0, 0, 0x44, 0});
    iloc.write(wide ? u32(keep.size()) : u16(keep.size()));
    long offset = mdatStart;
    for (long id : keep) {
      long length = 0;
      for (long[] r : data.get(id)) length += r[1];
      iloc.write(wide ? u32(id) : u16(id));
      iloc.write(new byte[] {0, 0, 0, 0}); // construction method 0 (file offset), this file
      iloc.write(length == 0 ? new byte[2] : u16(1));
      if (length > 0) iloc.write(concat(u32(offset), u32(length)));
      offset += length;
    }
    box(m, "iloc", iloc.toByteArray());
    ByteArrayOutputStream iref = new ByteArrayOutputStream();
    iref.write(new byte[] {(byte) (wide ? 1 : 0), 0, 0, 0});
    boolean anyRef = false;
    for (Ref r : p.refs) {
      List<Long> to = r.to().stream().filter(keep::contains).toList();
      if (!keep.contains(r.from()) || to.isEmpty()) continue;
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      e.write(wide ? u32(r.from()) : u16(r.from()));
      e.write(u16(to.size()));
      for (long t : to) e.write(wide ? u32(t) : u16(t));
      box(iref, r.type(), e.toByteArray());
      anyRef = true;
    }
    if (anyRef) box(m, "iref", iref.toByteArray());
    ByteArrayOutputStream ipma = new ByteArrayOutputStream();
    ipma.write(new byte[] {(byte) (wide ? 1 : 0), 0, 0, 1}); // flags 1: 15-bit property indices
    ipma.write(u32(keep.size()));
    for (long id : keep) {
      List<int[]> kept = p.associations.getOrDefault(id, List.of()).stream().filter(a -> newIndex.containsKey(a[0])).toList();
      ipma.write(wide ? u32(id) : u16(id));
      ipma.write(kept.size());
      for (int[] a : kept) ipma.write(u16(newIndex.get(a[0]) | (a[1] == 1 ? 0x8000 : 0)));
    }
    box(m, "iprp", concat(boxBytes("ipco", ipco), boxBytes("ipma", ipma.toByteArray())));
    return boxBytes("meta", m.toByteArray());
  }

  private static List<Box> children(ImageInput in, long start, long end, StripLimits limits) throws IOException {
    List<Box> boxes = new ArrayList<>();
    long p = start;
    while (p < end) {
      if (boxes.size() >= limits.maxEntries()) throw StripException.tooComplex("too many boxes");
      if (end - p < 8) throw StripException.malformed("short box header");
      in.pos = p;
      long size = in.u32be();
      String type = ascii(in, p + 4, 4);
      long payload = p + 8;
      in.pos = payload;
      if (size == 1) {
        size = (in.u32be() << 32) | in.u32be();
        payload += 8;
      } else if (size == 0) {
        size = end - p;
      }
      if (size < payload - p || size > end - p) throw StripException.malformed("box size out of range");
      boxes.add(new Box(type, p, payload, p + size));
      p += size;
    }
    return boxes;
  }

  private static String ascii(ImageInput in, long at, int n) throws IOException {
    return new String(in.read(at, n), StandardCharsets.ISO_8859_1);
  }

  /** A NUL-terminated string at the cursor, within {@code end}; the cursor moves past it. */
  private static String cString(ImageInput in, long end) throws IOException {
    StringBuilder s = new StringBuilder();
    while (in.pos < end) {
      int c = in.u8();
      if (c == 0) break;
      if (s.length() < 256) s.append((char) c);
    }
    return s.toString();
  }

  private static void box(ByteArrayOutputStream out, String type, byte[] payload) throws IOException {
    out.write(boxBytes(type, payload));
  }

  private static byte[] boxBytes(String type, byte[] payload) {
    return concat(u32(8L + payload.length), type.getBytes(StandardCharsets.ISO_8859_1), payload);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) b.writeBytes(p);
    return b.toByteArray();
  }

  private static byte[] u16(long v) {
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }
}

package org.amana.gateway.strip;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Says which {@link Category categories} a metadata block that is being dropped carries (EXIF,
 * IPTC, Photoshop resources, XMP, ICC), so the receipt names what was removed. It only reads tag
 * numbers and names, never keeps values, and it is never used to decide what to keep: every block
 * it looks at is dropped whole whatever it says. A block it cannot read counts as {@code OTHER}.
 */
final class ImageMetadata {
  private ImageMetadata() {}

  // Technical EXIF tags that say nothing about who, where or with what (kept out of DEVICE).
  private static final Set<Integer> NEUTRAL = Set.of(0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0112, 0x0115,
      0x011a, 0x011b, 0x011c, 0x0128, 0x0213, 0x9000, 0x9101, 0xa000, 0xa001, 0xa002, 0xa003);

  /** Categories in a TIFF-structured EXIF block (the bytes after "Exif\0\0"). */
  static Set<Category> exif(byte[] tiff) {
    EnumSet<Category> found = EnumSet.noneOf(Category.class);
    try {
      boolean little = tiff[0] == 'I' && tiff[1] == 'I';
      if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return EnumSet.of(Category.OTHER);
      long ifd0 = u32(tiff, 4, little);
      walkIfd(tiff, ifd0, little, 0, found, new HashSet<>());
      long next = nextIfd(tiff, ifd0, little);
      if (next != 0) found.add(Category.PREVIEWS); // IFD1: the thumbnail
    } catch (RuntimeException unreadable) {
      found.add(Category.OTHER);
    }
    if (found.isEmpty()) found.add(Category.OTHER);
    return found;
  }

  /** The EXIF Orientation (1..8) of IFD0, or 1 when absent or unreadable. */
  static int orientation(byte[] tiff) {
    try {
      boolean little = tiff[0] == 'I' && tiff[1] == 'I';
      int ifd = (int) u32(tiff, 4, little);
      int n = u16(tiff, ifd, little);
      for (int i = 0; i < n; i++) {
        int e = ifd + 2 + 12 * i;
        if (u16(tiff, e, little) == 0x0112 && u16(tiff, e + 2, little) == 3) {
          int v = u16(tiff, e + 8, little);
          return v >= 1 && v <= 8 ? v : 1;
        }
      }
    } catch (RuntimeException unreadable) {
      // no usable orientation
    }
    return 1;
  }

  private static long nextIfd(byte[] t, long ifd, boolean little) {
    int n = u16(t, (int) ifd, little);
    return u32(t, (int) ifd + 2 + 12 * n, little);
  }

  private static void walkIfd(byte[] t, long ifd, boolean little, int depth, Set<Category> found, Set<Long> seen) {
    if (depth > 4 || !seen.add(ifd) || ifd <= 0 || ifd >= t.length) return;
    int n = u16(t, (int) ifd, little);
    for (int i = 0; i < n; i++) {
      int e = (int) ifd + 2 + 12 * i;
      int tag = u16(t, e, little);
      long value = u32(t, e + 8, little);
      if (tag == 0x8769 || tag == 0xa005) {
        walkIfd(t, value, little, depth + 1, found, seen); // ExifIFD, Interop
      } else {
        Category c = tag(tag, Category.DEVICE); // unnamed EXIF tags are camera settings
        if (c != null) found.add(c);
      }
    }
  }

  /**
   * What one TIFF/EXIF tag holds, or null for a technical tag that names nothing;
   * {@code unknown} for tags this table does not name.
   */
  static Category tag(int tag, Category unknown) {
    return switch (tag) {
      case 0x8825 -> Category.LOCATION; // the GPS IFD
      case 0x010e, 0x011d, 0x9286, 0x9c9b, 0x9c9c, 0x9c9e, 0x9c9f, 0x83bb -> Category.COMMENTS;
      case 0x013b, 0x8298, 0x9c9d, 0xa430 -> Category.PEOPLE;
      case 0x0131, 0xa420 -> Category.SOFTWARE;
      case 0x0132, 0x9003, 0x9004, 0x9010, 0x9011, 0x9012, 0x9290, 0x9291, 0x9292 -> Category.TIMES;
      case 0x010d -> Category.PATHS;
      case 0x0201, 0x0202, 0x014a -> Category.PREVIEWS; // thumbnail offset and length, SubIFDs
      case 0x010f, 0x0110, 0x013c, 0x927c, 0xa431, 0xa432, 0xa433, 0xa434, 0xa435 -> Category.DEVICE;
      case 0x02bc, 0x8649, 0x8773 -> Category.OTHER; // XMP, Photoshop, ICC when not read further
      default -> NEUTRAL.contains(tag) ? null : unknown;
    };
  }

  /** Categories in IPTC-IIM records (Photoshop resource 0x0404, TIFF tag 33723). */
  static Set<Category> iptc(byte[] b) {
    EnumSet<Category> found = EnumSet.noneOf(Category.class);
    int i = 0;
    while (i + 5 <= b.length && b[i] == 0x1c) {
      int record = b[i + 1] & 0xff;
      int dataset = b[i + 2] & 0xff;
      int length = ((b[i + 3] & 0xff) << 8) | (b[i + 4] & 0xff);
      if ((length & 0x8000) != 0) break; // extended length: stop reading, the block is dropped anyway
      if (record == 2) {
        switch (dataset) {
          case 0 -> { }
          case 5, 25, 105, 120, 40, 15, 20 -> found.add(Category.COMMENTS);
          case 55, 60, 62, 63, 30, 35, 70 -> found.add(dataset == 70 ? Category.SOFTWARE : Category.TIMES);
          case 65 -> found.add(Category.SOFTWARE);
          case 80, 85, 110, 115, 116, 118, 122 -> found.add(Category.PEOPLE);
          case 26, 27, 90, 92, 95, 100, 101 -> found.add(Category.LOCATION);
          default -> found.add(Category.OTHER);
        }
      } else {
        found.add(Category.OTHER);
      }
      i += 5 + length;
    }
    if (found.isEmpty()) found.add(Category.OTHER);
    return found;
  }

  /** Categories in Photoshop image resources ("8BIM" blocks, JPEG APP13 after "Photoshop 3.0\0"). */
  static Set<Category> photoshop(byte[] b, int start) {
    EnumSet<Category> found = EnumSet.noneOf(Category.class);
    try {
      int i = start;
      while (i + 12 <= b.length && b[i] == '8' && b[i + 1] == 'B' && b[i + 2] == 'I' && b[i + 3] == 'M') {
        int id = ((b[i + 4] & 0xff) << 8) | (b[i + 5] & 0xff);
        int nameLength = b[i + 6] & 0xff;
        int p = i + 6 + ((nameLength + 2) & ~1); // Pascal name, padded to even
        long size = u32(b, p, false);
        p += 4;
        if (size > b.length - p) break;
        if (id == 0x0404) found.addAll(iptc(java.util.Arrays.copyOfRange(b, p, p + (int) size)));
        else if (id == 0x0409 || id == 0x040c) found.add(Category.PREVIEWS);
        else found.add(Category.OTHER);
        i = p + (int) ((size + 1) & ~1L);
      }
    } catch (RuntimeException unreadable) {
      found.add(Category.OTHER);
    }
    if (found.isEmpty()) found.add(Category.OTHER);
    return found;
  }

  /** Categories in an XMP packet, by the well-known property names it uses. */
  static Set<Category> xmp(byte[] b) {
    String x = new String(b, StandardCharsets.UTF_8);
    EnumSet<Category> found = EnumSet.noneOf(Category.class);
    add(found, x, Category.LOCATION, "GPSLatitude", "GPSLongitude", "photoshop:City", "photoshop:State",
        "photoshop:Country", "Iptc4xmpCore:Location", "LocationCreated", "LocationShown");
    add(found, x, Category.PEOPLE, "dc:creator", "dc:rights", "dc:contributor", "dc:publisher", "photoshop:Credit",
        "photoshop:AuthorsPosition", "CaptionWriter", "xmpRights:Owner", "CreatorContactInfo", "OwnerName", "Artist");
    add(found, x, Category.DEVICE, "tiff:Make", "tiff:Model", "SerialNumber", "aux:Lens", "exifEX:Lens");
    add(found, x, Category.TIMES, "Date", "dc:date", "stEvt:when", "DateTime");
    add(found, x, Category.SOFTWARE, "CreatorTool", "softwareAgent", "DocumentID", "InstanceID", "x:xmptk",
        "xmp:Producer", "pdf:Producer");
    add(found, x, Category.REVISIONS, "xmpMM:History", "xmpMM:DerivedFrom", "DocumentAncestors", "xmpMM:Ingredients");
    add(found, x, Category.COMMENTS, "dc:description", "dc:title", "dc:subject", "photoshop:Headline",
        "UserComment", "photoshop:Instructions", "Keywords");
    add(found, x, Category.PATHS, "RawFileName", "xmpMM:Manifest", "stRef:filePath");
    if (found.isEmpty()) found.add(Category.OTHER);
    return found;
  }

  private static void add(Set<Category> found, String text, Category c, String... names) {
    for (String n : names) {
      if (text.contains(n)) {
        found.add(c);
        return;
      }
    }
  }

  /** An ICC profile names a device when its header does or it has device description tags. */
  static Set<Category> icc(byte[] b, int start) {
    try {
      boolean device = u32(b, start + 48, false) != 0 || u32(b, start + 52, false) != 0;
      long count = u32(b, start + 128, false);
      for (int i = 0; i < count && i < 256; i++) {
        long sig = u32(b, start + 132 + 12 * i, false);
        if (sig == 0x646d6e64L || sig == 0x646d6464L) device = true; // dmnd, dmdd
      }
      return device ? EnumSet.of(Category.DEVICE) : EnumSet.of(Category.OTHER);
    } catch (RuntimeException unreadable) {
      return EnumSet.of(Category.OTHER);
    }
  }

  static boolean startsWith(byte[] b, int offset, String ascii) {
    if (b.length - offset < ascii.length()) return false;
    for (int i = 0; i < ascii.length(); i++) {
      if (b[offset + i] != (byte) ascii.charAt(i)) return false;
    }
    return true;
  }

  static int u16(byte[] b, int off, boolean little) {
    int x = b[off] & 0xff;
    int y = b[off + 1] & 0xff;
    return little ? x | (y << 8) : (x << 8) | y;
  }

  static long u32(byte[] b, int off, boolean little) {
    long x = u16(b, off, little);
    long y = u16(b, off + 2, little);
    return little ? x | (y << 16) : (x << 16) | y;
  }
}

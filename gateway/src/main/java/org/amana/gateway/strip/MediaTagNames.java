package org.amana.gateway.strip;

import java.util.Locale;

/**
 * Which {@link Category} a free-form tag name most likely holds (Vorbis comment field names, ID3
 * TXXX descriptions, QuickTime {@code mdta} keys, RIFF INFO ids). Only used to tell the defender
 * what was removed: the tags go whatever their name, so a wrong guess costs a vaguer receipt, not
 * a leak.
 */
final class MediaTagNames {
  private static final String APPLE_PREFIX = "com.apple.quicktime.";

  private MediaTagNames() {}

  static Category of(String name) {
    String n = name.toLowerCase(Locale.ROOT).strip();
    if (n.startsWith(APPLE_PREFIX)) n = n.substring(APPLE_PREFIX.length());
    if (has(n, "location", "gps", "geo", "iso6709", "latitude", "longitude", "coordinates", "xyz", "place")) {
      return Category.LOCATION;
    }
    if (has(n, "picture", "cover", "image", "attachment")) return Category.EMBEDDED;
    if (has(n, "make", "model", "serial", "device", "camera", "lens", "firmware")) return Category.DEVICE;
    if (has(n, "date", "time", "year")) return Category.TIMES;
    if (has(n, "encoded_by", "encodedby", "encoded-by")) return Category.PEOPLE;
    if (has(n, "software", "encoder", "encoding", "vendor", "tool", "version")) return Category.SOFTWARE;
    if (has(n, "artist", "author", "composer", "performer", "creator", "contact", "copyright", "owner", "publisher",
        "organization", "lyricist", "conductor", "producer", "engineer", "technician", "user", "email")) {
      return Category.PEOPLE;
    }
    if (has(n, "path", "file", "url", "folder")) return Category.PATHS;
    return Category.COMMENTS;
  }

  private static boolean has(String n, String... parts) {
    for (String p : parts) {
      if (n.contains(p)) return true;
    }
    return false;
  }
}

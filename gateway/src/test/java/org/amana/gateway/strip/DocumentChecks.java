package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Independent checks that a stripped document is still a valid document of its type. They share
 * no code with the strippers: ZIP members are read with java.util.zip's stream reader, XML with a
 * DOM parser, PDFs are reloaded and their text extracted.
 */
final class DocumentChecks {
  private DocumentChecks() {}

  /** Checks {@code stripped}; returns a short description of what was checked. */
  static String check(String trueFormat, byte[] original, byte[] stripped) throws Exception {
    if (trueFormat.equals("application/pdf")) return pdf(original, stripped);
    if (trueFormat.startsWith("application/vnd.oasis.opendocument.")) return odf(trueFormat, stripped);
    return ooxml(stripped);
  }

  /** Reloads with PDFBox: same page count, text extracted, one revision only (a single %%EOF), no Info. */
  static String pdf(byte[] original, byte[] stripped) throws IOException {
    try (PDDocument before = Loader.loadPDF(original); PDDocument after = Loader.loadPDF(stripped)) {
      assertEquals(before.getNumberOfPages(), after.getNumberOfPages(), "page count");
      String text = new PDFTextStripper().getText(after);
      assertFalse(text.isBlank(), "no text left in the PDF");
      assertTrue(after.getDocumentInformation().getCOSObject().keySet().isEmpty(), "an Info dictionary is left");
      assertEquals(null, after.getDocumentCatalog().getMetadata(), "catalog XMP is left");
    }
    String s = new String(stripped, StandardCharsets.ISO_8859_1);
    assertTrue(s.startsWith("%PDF-"), "PDF header");
    assertEquals(s.indexOf("%%EOF"), s.lastIndexOf("%%EOF"), "more than one revision");
    return "PDFBox reload, pages equal, text extracted, one %%EOF";
  }

  /** Every member read; every XML part parsed; every internal relationship resolves; every part has a content type. */
  static String ooxml(byte[] stripped) throws Exception {
    Map<String, byte[]> parts = members(stripped);
    assertTrue(parts.containsKey("[Content_Types].xml"), "content types");
    Document ct = parse(parts.get("[Content_Types].xml"));
    Set<String> defaults = new TreeSet<>();
    Set<String> overrides = new TreeSet<>();
    NodeList d = ct.getElementsByTagNameNS("*", "Default");
    for (int i = 0; i < d.getLength(); i++) defaults.add(((Element) d.item(i)).getAttribute("Extension").toLowerCase(Locale.ROOT));
    NodeList o = ct.getElementsByTagNameNS("*", "Override");
    for (int i = 0; i < o.getLength(); i++) {
      String part = ((Element) o.item(i)).getAttribute("PartName").substring(1);
      assertTrue(parts.containsKey(part), "override for a missing part " + part);
      overrides.add(part);
    }
    int rels = 0;
    for (var p : parts.entrySet()) {
      String name = p.getKey();
      String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
      if (!name.equals("[Content_Types].xml")) {
        assertTrue(overrides.contains(name) || defaults.contains(ext), "no content type for " + name);
      }
      if (name.endsWith(".xml") || name.endsWith(".rels") || name.endsWith(".vml")) parse(p.getValue());
      if (!name.endsWith(".rels")) continue;
      int slash = name.lastIndexOf("_rels/");
      String source = name.substring(0, slash) + name.substring(slash + 6, name.length() - 5);
      assertTrue(source.isEmpty() || parts.containsKey(source), "relationships of a missing part " + source);
      NodeList list = parse(p.getValue()).getElementsByTagNameNS("*", "Relationship");
      for (int i = 0; i < list.getLength(); i++) {
        Element r = (Element) list.item(i);
        rels++;
        if ("External".equals(r.getAttribute("TargetMode"))) {
          assertTrue(r.getAttribute("Target").matches("(?i)(https?|mailto):.*"), "external target " + r.getAttribute("Target"));
          continue;
        }
        String base = "/" + name.substring(0, slash);
        String target = URI.create(base).resolve(r.getAttribute("Target")).getPath().substring(1);
        assertTrue(parts.containsKey(target), name + " points at a missing part " + target);
      }
    }
    for (String name : parts.keySet()) {
      assertFalse(name.startsWith("docProps/") || name.startsWith("customXml/") || name.contains("comment")
          || name.contains("printerSettings") || name.contains("people"), "left in: " + name);
    }
    return "unzip, " + parts.size() + " parts, every XML parsed (DOM), " + rels + " relationships resolve, content types complete";
  }

  /** mimetype first and stored; the manifest lists exactly the members; every XML parsed. */
  static String odf(String trueFormat, byte[] stripped) throws Exception {
    List<String> names = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(stripped))) {
      ZipEntry e = zip.getNextEntry();
      assertNotNull(e);
      assertEquals("mimetype", e.getName(), "mimetype first");
      assertEquals(ZipEntry.STORED, e.getMethod(), "mimetype stored");
      assertEquals(trueFormat, new String(zip.readAllBytes(), StandardCharsets.US_ASCII));
    }
    Map<String, byte[]> parts = members(stripped);
    Document manifest = parse(parts.get("META-INF/manifest.xml"));
    Set<String> listed = new TreeSet<>();
    NodeList entries = manifest.getElementsByTagNameNS("*", "file-entry");
    for (int i = 0; i < entries.getLength(); i++) {
      String path = ((Element) entries.item(i)).getAttributeNS("urn:oasis:names:tc:opendocument:xmlns:manifest:1.0", "full-path");
      if (!path.endsWith("/")) listed.add(path);
    }
    for (String name : parts.keySet()) {
      if (name.endsWith(".xml")) parse(parts.get(name));
      if (!name.equals("mimetype") && !name.startsWith("META-INF/")) names.add(name);
    }
    assertEquals(listed, new TreeSet<>(names), "manifest lists exactly the members");
    assertNotNull(parse(parts.get("content.xml")).getElementsByTagNameNS("*", "body").item(0), "office:body");
    return "mimetype first+stored, manifest = members, every XML parsed (DOM)";
  }

  static Map<String, byte[]> members(byte[] zipBytes) throws IOException {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        assertEquals(null, e.getComment());
        assertEquals(null, e.getExtra(), "extra field on " + e.getName());
        assertTrue(e.getTime() < 400_000_000_000L, "member time kept: " + e.getName());
        assertFalse(parts.containsKey(e.getName()), "duplicate member");
        parts.put(e.getName(), zip.readAllBytes());
      }
    }
    return parts;
  }

  static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(null);
    return b.parse(new ByteArrayInputStream(xml));
  }
}

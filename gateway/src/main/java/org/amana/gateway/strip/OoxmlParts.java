package org.amana.gateway.strip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The two package-level parts of an OPC (OOXML) file, read into small models and written back
 * fresh: {@code [Content_Types].xml} and the {@code _rels/*.rels} relationship parts. Part names
 * are compared in lower case, as OPC says they are case-insensitive.
 */
final class OoxmlParts {
  static final String CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types";
  static final String RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

  private OoxmlParts() {}

  /**
   * Default (by extension, lower case) and Override content types; overrides are keyed by part
   * name without the leading slash, in lower case, and keep the name as written.
   */
  record ContentTypes(Map<String, String> defaults, Map<String, String[]> overrides) {
    String of(String partName) {
      String[] o = overrides.get(partName.toLowerCase(Locale.ROOT));
      if (o != null) return o[1];
      int dot = partName.lastIndexOf('.');
      int slash = partName.lastIndexOf('/');
      return dot > slash ? defaults.getOrDefault(partName.substring(dot + 1).toLowerCase(Locale.ROOT), "") : "";
    }

    static ContentTypes parse(byte[] xml, StripLimits limits) throws IOException {
      Map<String, String> defaults = new LinkedHashMap<>();
      Map<String, String[]> overrides = new LinkedHashMap<>();
      XmlFilter.filter(new ByteArrayInputStream(xml), OutputStream.nullOutputStream(), (r, parent) -> {
        String type = r.getAttributeValue(null, "ContentType");
        if (type != null && "Default".equals(r.getLocalName())) {
          String ext = r.getAttributeValue(null, "Extension");
          if (ext != null) defaults.put(ext.toLowerCase(Locale.ROOT), type);
        } else if (type != null && "Override".equals(r.getLocalName())) {
          String part = r.getAttributeValue(null, "PartName");
          if (part != null) overrides.put(stripSlash(part).toLowerCase(Locale.ROOT), new String[] {stripSlash(part), type});
        }
        return XmlFilter.Action.DROP;
      }, limits, new java.util.HashSet<>());
      return new ContentTypes(defaults, overrides);
    }

    /** The same types without the overrides of parts that are gone. */
    void write(OutputStream out, Set<String> keptLowerCaseNames) throws IOException {
      try {
        XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
        w.writeStartElement("", "Types", CT_NS);
        w.writeDefaultNamespace(CT_NS);
        for (var d : defaults.entrySet()) {
          w.writeEmptyElement("", "Default", CT_NS);
          w.writeAttribute("Extension", d.getKey());
          w.writeAttribute("ContentType", d.getValue());
        }
        for (var o : overrides.entrySet()) {
          if (!keptLowerCaseNames.contains(o.getKey())) continue;
          w.writeEmptyElement("", "Override", CT_NS);
          w.writeAttribute("PartName", "/" + o.getValue()[0]);
          w.writeAttribute("ContentType", o.getValue()[1]);
        }
        w.writeEndElement();
        w.writeEndDocument();
        w.flush();
      } catch (XMLStreamException e) {
        throw new IOException(e);
      }
    }
  }

  /** One relationship; {@code resolved} is the target part's name (lower case) for internal targets, else null. */
  record Rel(String id, String type, String target, String mode, String resolved) {
    boolean external() {
      return "External".equalsIgnoreCase(mode);
    }

    /** The last segment of the type URI, e.g. {@code comments}, {@code attachedTemplate}. */
    String kind() {
      return type.substring(type.lastIndexOf('/') + 1);
    }
  }

  /** The part a relationship part describes: {@code word/_rels/document.xml.rels} → {@code word/document.xml}; "" for the package. */
  static String sourceOf(String relsName) {
    int r = relsName.lastIndexOf("_rels/");
    return relsName.substring(0, r) + relsName.substring(r + 6, relsName.length() - 5);
  }

  static boolean isRels(String name) {
    return name.endsWith(".rels") && (name.startsWith("_rels/") || name.contains("/_rels/"));
  }

  static List<Rel> parseRels(byte[] xml, String source, StripLimits limits) throws IOException {
    List<Rel> rels = new ArrayList<>();
    XmlFilter.filter(new ByteArrayInputStream(xml), OutputStream.nullOutputStream(), (r, parent) -> {
      if ("Relationship".equals(r.getLocalName())) {
        String id = r.getAttributeValue(null, "Id");
        String type = r.getAttributeValue(null, "Type");
        String target = r.getAttributeValue(null, "Target");
        String mode = r.getAttributeValue(null, "TargetMode");
        if (id == null || type == null || target == null) throw StripException.malformed("incomplete relationship");
        boolean external = "External".equalsIgnoreCase(mode);
        rels.add(new Rel(id, type, target, mode, external ? null : resolve(source, target)));
      }
      return XmlFilter.Action.DROP;
    }, limits, new java.util.HashSet<>());
    return rels;
  }

  static void writeRels(OutputStream out, List<Rel> rels) throws IOException {
    try {
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("", "Relationships", RELS_NS);
      w.writeDefaultNamespace(RELS_NS);
      for (Rel r : rels) {
        w.writeEmptyElement("", "Relationship", RELS_NS);
        w.writeAttribute("Id", r.id());
        w.writeAttribute("Type", r.type());
        w.writeAttribute("Target", r.target());
        if (r.mode() != null) w.writeAttribute("TargetMode", r.mode());
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  /** An internal target as a part name in lower case: relative to the source's folder, %-escapes decoded. */
  static String resolve(String source, String target) {
    String t = target;
    int hash = t.indexOf('#');
    if (hash >= 0) t = t.substring(0, hash);
    t = percentDecode(t);
    String base = t.startsWith("/") ? "" : source.substring(0, source.lastIndexOf('/') + 1);
    List<String> segments = new ArrayList<>();
    for (String s : (base + stripSlash(t)).split("/")) {
      if (s.isEmpty() || s.equals(".")) continue;
      if (s.equals("..")) {
        if (!segments.isEmpty()) segments.removeLast();
      } else {
        segments.add(s);
      }
    }
    return String.join("/", segments).toLowerCase(Locale.ROOT);
  }

  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) return s;
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
        b.write(Integer.parseInt(s, i + 1, i + 3, 16));
        i += 2;
      } else {
        b.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return b.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String stripSlash(String s) {
    return s.startsWith("/") ? s.substring(1) : s;
  }
}

package org.amana.gateway.strip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamReader;

/**
 * OpenDocument text, spreadsheets and presentations: a fresh ZIP with {@code mimetype} first and
 * stored, as ODF requires. Whitelist of members: content.xml and styles.xml (filtered: tracked
 * changes accepted, annotations, scripts, rsids and file paths gone), meta.xml reduced to an empty
 * {@code office:meta}, JPEG and PNG pictures cleaned by {@link EmbeddedImages}, the same for
 * embedded objects ({@code Object N/}), and the manifest without the entries of what was left
 * out. Everything else is dropped: settings.xml (printer name and setup, view state), thumbnails,
 * object replacement previews that are not JPEG or PNG, macros, signatures, RDF metadata,
 * configurations. Encrypted documents, and pictures in other formats, are refused.
 */
final class OdfStripper implements Stripper {
  static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
  private static final String MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
  private static final String CONFIG = "urn:oasis:names:tc:opendocument:xmlns:config:1.0";
  private static final Pattern MIMETYPE = Pattern.compile("application/vnd\\.oasis\\.opendocument\\.[a-z.-]{1,40}");
  /** Where a content or styles part may be: the document itself or an embedded object. */
  private static final Pattern XML_PART = Pattern.compile("(Object [^/]{1,100}/)?(content|styles)\\.xml");
  private static final Pattern META_PART = Pattern.compile("(Object [^/]{1,100}/)?meta\\.xml");

  private enum Fate { XML, META, JPEG, PNG, DROP }

  @Override
  public Stripped strip(Source source, OutputStream out, StripLimits limits) throws IOException {
    ZipReader zip = ZipReader.open(source, limits);
    ZipReader.Entry mimeEntry = zip.find("mimetype");
    ZipReader.Entry manifest = zip.find("META-INF/manifest.xml");
    if (mimeEntry == null || manifest == null) throw StripException.malformed("no mimetype or manifest");
    String mimetype = new String(zip.readAll(mimeEntry, 100), StandardCharsets.US_ASCII);
    if (!MIMETYPE.matcher(mimetype).matches()) throw StripException.malformed("not an OpenDocument mimetype");
    if (zip.find("content.xml") == null) throw StripException.malformed("no content.xml");
    // An encrypted document is refused before any of its (unreadable) parts is parsed.
    try (InputStream in = zip.open(manifest)) {
      XmlFilter.filter(in, OutputStream.nullOutputStream(), manifestRules(Map.of()), limits, EnumSet.noneOf(Category.class));
    }

    Set<Category> found = EnumSet.noneOf(Category.class);
    Map<String, Fate> fates = new HashMap<>();
    for (ZipReader.Entry e : zip.entries()) {
      if (e == mimeEntry || e == manifest || e.name().endsWith("/")) continue;
      fates.put(e.name(), fate(zip, e, found, limits));
    }

    ZipWriter w = new ZipWriter(out);
    w.putStored("mimetype", mimetype.getBytes(StandardCharsets.US_ASCII));
    for (ZipReader.Entry e : zip.entries()) {
      Fate f = fates.get(e.name());
      if (f == null || f == Fate.DROP) continue;
      try (InputStream in = zip.open(e); OutputStream o = w.begin(e.name())) {
        switch (f) {
          case XML -> XmlFilter.filter(in, o, new OdfRules(found), limits, found);
          case META -> XmlFilter.filter(in, o, emptyMeta(found), limits, found);
          case JPEG -> {
            if (EmbeddedImages.jpeg(in, o, limits)) found.add(Category.OTHER);
          }
          case PNG -> {
            if (EmbeddedImages.png(in, o, limits)) found.add(Category.OTHER);
          }
          default -> throw new IllegalStateException();
        }
      }
    }
    try (InputStream in = zip.open(manifest); OutputStream o = w.begin("META-INF/manifest.xml")) {
      XmlFilter.filter(in, o, manifestRules(fates), limits, found);
    }
    w.finish();
    return new Stripped(found, mimetype);
  }

  private static Fate fate(ZipReader zip, ZipReader.Entry e, Set<Category> found, StripLimits limits) throws IOException {
    String name = e.name();
    if (XML_PART.matcher(name).matches()) return Fate.XML;
    if (META_PART.matcher(name).matches()) return Fate.META;
    if (name.startsWith("Thumbnails/")) {
      found.add(Category.PREVIEWS);
      return Fate.DROP;
    }
    if (name.equals("settings.xml") || name.endsWith("/settings.xml")) {
      try (InputStream in = zip.open(e)) {
        XmlFilter.filter(in, OutputStream.nullOutputStream(), (r, parent) -> {
          String item = r.getAttributeValue(CONFIG, "name");
          if (item != null && item.startsWith("Printer")) found.add(Category.PATHS);
          return XmlFilter.Action.KEEP;
        }, limits, found);
      }
      return Fate.DROP;
    }
    boolean picture = name.startsWith("Pictures/") || name.startsWith("media/") || name.startsWith("ObjectReplacements/")
        || (name.startsWith("Object ") && name.contains("/Pictures/"));
    if (picture) {
      byte[] head = zip.head(e, 8);
      if (EmbeddedImages.isJpeg(head)) return Fate.JPEG;
      if (EmbeddedImages.isPng(head)) return Fate.PNG;
      if (name.startsWith("ObjectReplacements/")) { // a preview the office suite draws again from the object
        found.add(Category.PREVIEWS);
        return Fate.DROP;
      }
      throw new StripException(StripException.Kind.UNSUPPORTED, "a picture in a format this stripper does not clean");
    }
    if (name.startsWith("META-INF/")) {
      if (name.contains("signature")) found.add(Category.PEOPLE);
      if (name.contains("encrypt")) throw new StripException(StripException.Kind.UNSUPPORTED, "encrypted OpenDocument");
    } else if (name.startsWith("Basic/") || name.startsWith("Scripts/")) {
      found.add(Category.EMBEDDED);
    } else if (!name.startsWith("Configurations2/") && !name.equals("layout-cache")) {
      found.add(Category.OTHER);
    }
    return Fate.DROP;
  }

  /** meta.xml keeps its root and an empty office:meta: creators, dates, generator, keywords, user fields go. */
  private static XmlFilter.Rules emptyMeta(Set<Category> found) {
    Map<String, Category> byName = Map.ofEntries(
        Map.entry("initial-creator", Category.PEOPLE), Map.entry("creator", Category.PEOPLE),
        Map.entry("printed-by", Category.PEOPLE), Map.entry("creation-date", Category.TIMES),
        Map.entry("date", Category.TIMES), Map.entry("print-date", Category.TIMES),
        Map.entry("editing-duration", Category.TIMES), Map.entry("editing-cycles", Category.REVISIONS),
        Map.entry("generator", Category.SOFTWARE), Map.entry("keyword", Category.COMMENTS),
        Map.entry("subject", Category.COMMENTS), Map.entry("title", Category.COMMENTS),
        Map.entry("description", Category.COMMENTS), Map.entry("user-defined", Category.COMMENTS),
        Map.entry("template", Category.PATHS), Map.entry("auto-reload", Category.PATHS));
    return (XMLStreamReader r, QName parent) -> {
      if (OFFICE.equals(r.getNamespaceURI()) && r.getLocalName().equals("meta")) return XmlFilter.Action.KEEP;
      Category c = byName.get(r.getLocalName());
      if (c != null) found.add(c);
      return XmlFilter.Action.DROP;
    };
  }

  /** The manifest lists only what was kept; an encrypted document is refused. */
  private static XmlFilter.Rules manifestRules(Map<String, Fate> fates) {
    return (XMLStreamReader r, QName parent) -> {
      if (!MANIFEST.equals(r.getNamespaceURI())) return XmlFilter.Action.DROP;
      if (r.getLocalName().equals("encryption-data")) {
        throw new StripException(StripException.Kind.UNSUPPORTED, "encrypted OpenDocument");
      }
      if (!r.getLocalName().equals("file-entry") || fates.isEmpty()) return XmlFilter.Action.KEEP;
      String path = r.getAttributeValue(MANIFEST, "full-path");
      if (path == null) return XmlFilter.Action.DROP;
      if (path.equals("/")) return XmlFilter.Action.KEEP;
      if (path.endsWith("/")) { // a folder (an embedded object) stays while something in it stays
        boolean any = fates.entrySet().stream().anyMatch(f -> f.getKey().startsWith(path) && f.getValue() != Fate.DROP);
        return any ? XmlFilter.Action.KEEP : XmlFilter.Action.DROP;
      }
      Fate f = fates.get(path);
      return f == null || f == Fate.DROP ? XmlFilter.Action.DROP : XmlFilter.Action.KEEP;
    };
  }
}

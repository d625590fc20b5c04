package org.amana.gateway.strip;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamReader;
import org.amana.gateway.strip.OoxmlParts.ContentTypes;
import org.amana.gateway.strip.OoxmlParts.Rel;

/**
 * Word, Excel and PowerPoint files (OOXML): a fresh ZIP in which every part is either dropped,
 * filtered or an image cleaned by {@link EmbeddedImages}. Dropped whole: the document
 * properties, thumbnails, custom XML, comments and their authors, printer settings, macros,
 * embedded objects, revision logs and any unknown binary part. XML parts are streamed through
 * {@link OoxmlRules} (tracked changes accepted, rsids and revision authors and dates gone, paths
 * gone). Relationships to anything dropped, to templates and to local or network files are
 * removed, and so are the elements that pointed at them, so Word still opens the result.
 * Images other than JPEG and PNG, audio and video parts are refused as unsupported.
 */
final class OoxmlStripper implements Stripper {
  private enum Fate { XML, JPEG, PNG, COPY, DROP }

  @Override
  public Stripped strip(Source source, OutputStream out, StripLimits limits) throws IOException {
    ZipReader zip = ZipReader.open(source, limits);
    ZipReader.Entry ctEntry = zip.find("[Content_Types].xml");
    if (ctEntry == null) throw StripException.malformed("no [Content_Types].xml");
    ContentTypes types = ContentTypes.parse(zip.readAll(ctEntry, limits.maxBlockBytes()), limits);
    Set<Category> found = EnumSet.noneOf(Category.class);

    Map<String, ZipReader.Entry> byName = new HashMap<>();
    Map<String, Fate> fates = new HashMap<>();
    for (ZipReader.Entry e : zip.entries()) {
      String lower = e.name().toLowerCase(Locale.ROOT);
      if (byName.put(lower, e) != null) throw StripException.malformed("two parts differ only in case");
      if (e.name().endsWith("/") || OoxmlParts.isRels(e.name()) || e == ctEntry) continue;
      fates.put(lower, fate(zip, e, types.of(e.name()), found, limits));
    }

    // Relationships: read all, then drop those to dropped parts, of dropped kinds, or to local files.
    Map<String, List<Rel>> relsBySource = new HashMap<>();
    for (ZipReader.Entry e : zip.entries()) {
      if (!OoxmlParts.isRels(e.name())) continue;
      String src = OoxmlParts.sourceOf(e.name());
      relsBySource.put(e.name(), OoxmlParts.parseRels(zip.readAll(e, limits.maxBlockBytes()), src, limits));
    }
    // Excel draws a comment's box from a VML drawing: it goes with the comments.
    for (List<Rel> rels : relsBySource.values()) {
      boolean comments = rels.stream().anyMatch(r -> r.kind().equals("comments") && r.resolved() != null
          && fates.get(r.resolved()) == Fate.DROP);
      if (!comments) continue;
      for (Rel r : rels) {
        if (r.kind().equals("vmlDrawing") && r.resolved() != null && fates.containsKey(r.resolved())) {
          fates.put(r.resolved(), Fate.DROP);
        }
      }
    }
    Map<String, Set<String>> removedIds = new HashMap<>();
    Map<String, List<Rel>> keptRels = new HashMap<>();
    String mainPart = null;
    for (var entry : relsBySource.entrySet()) {
      String src = OoxmlParts.sourceOf(entry.getKey()).toLowerCase(Locale.ROOT);
      if (!src.isEmpty() && fates.get(src) != Fate.XML) continue; // the rels of a dropped (or non-XML) part go with it
      Set<String> removed = new HashSet<>();
      List<Rel> kept = entry.getValue().stream().filter(r -> {
        if (keepRel(r, fates, found)) return true;
        removed.add(r.id());
        return false;
      }).toList();
      for (Rel r : kept) {
        if (src.isEmpty() && r.kind().equals("officeDocument")) mainPart = r.resolved();
      }
      removedIds.put(src, removed);
      keptRels.put(entry.getKey(), kept);
    }
    if (mainPart == null || fates.get(mainPart) != Fate.XML) throw StripException.malformed("no main document part");
    String refined = refinedType(types.of(mainPart));

    ZipWriter w = new ZipWriter(out);
    Set<String> kept = new HashSet<>();
    fates.forEach((name, f) -> {
      if (f != Fate.DROP) kept.add(name);
    });
    try (OutputStream o = w.begin("[Content_Types].xml")) {
      types.write(o, kept);
    }
    for (ZipReader.Entry e : zip.entries()) {
      String lower = e.name().toLowerCase(Locale.ROOT);
      if (OoxmlParts.isRels(e.name())) {
        List<Rel> rels = keptRels.get(e.name());
        if (rels == null) continue;
        try (OutputStream o = w.begin(e.name())) {
          OoxmlParts.writeRels(o, rels);
        }
        continue;
      }
      Fate f = fates.get(lower);
      if (f == null || f == Fate.DROP) continue;
      try (InputStream in = zip.open(e); OutputStream o = w.begin(e.name())) {
        switch (f) {
          case XML -> XmlFilter.filter(in, o, new OoxmlRules(removedIds.getOrDefault(lower, Set.of()), found), limits, found);
          case JPEG -> {
            if (EmbeddedImages.jpeg(in, o, limits)) found.add(Category.OTHER);
          }
          case PNG -> {
            if (EmbeddedImages.png(in, o, limits)) found.add(Category.OTHER);
          }
          default -> in.transferTo(o);
        }
      }
    }
    w.finish();
    return new Stripped(found, refined);
  }

  /** What becomes of one part, from its name, its content type and (for binaries) its first bytes. */
  private static Fate fate(ZipReader zip, ZipReader.Entry e, String contentType, Set<Category> found, StripLimits limits)
      throws IOException {
    String name = e.name().toLowerCase(Locale.ROOT);
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (ct.endsWith("core-properties+xml") || ct.endsWith("extended-properties+xml") || ct.endsWith("custom-properties+xml")) {
      found.addAll(PropertyParts.categories(zip, e, limits));
      return Fate.DROP;
    }
    if (name.startsWith("docprops/thumbnail") || ct.contains("thumbnail")) return drop(found, Category.PREVIEWS);
    if (name.startsWith("customxml/")) return drop(found, Category.OTHER);
    if (ct.contains("comment")) return drop(found, Category.COMMENTS, Category.PEOPLE);
    if (ct.endsWith(".people+xml") || ct.endsWith(".person+xml") || ct.endsWith(".authors+xml")) {
      return drop(found, Category.PEOPLE);
    }
    if (name.contains("printersettings") || ct.contains("printersettings")) return drop(found, Category.PATHS);
    if (name.contains("/revisions/") || ct.contains("revisionheaders") || ct.contains("revisionlog")
        || ct.contains("usernames") || ct.contains("changesinfo")) {
      return drop(found, Category.REVISIONS, Category.PEOPLE);
    }
    if (ct.contains("revinfo")) return drop(found, Category.SOFTWARE);
    if (ct.contains("vbaproject") || ct.contains("vbadata") || name.endsWith("vbaproject.bin") || name.contains("/embeddings/")
        || name.contains("/activex/") || ct.contains("oleobject") || ct.contains("activex")) {
      return drop(found, Category.EMBEDDED);
    }
    if (name.contains("/webextensions/") || name.startsWith("customui/") || name.contains("/customui/")) {
      return drop(found, Category.OTHER);
    }
    if (ct.endsWith("+xml") || ct.endsWith("/xml") || ct.contains("vmldrawing") || name.endsWith(".xml") || name.endsWith(".vml")) {
      return Fate.XML;
    }
    byte[] head = zip.head(e, 8);
    if (EmbeddedImages.isJpeg(head)) return Fate.JPEG;
    if (EmbeddedImages.isPng(head)) return Fate.PNG;
    if (ct.contains("font")) return Fate.COPY;
    if (ct.startsWith("image/") || ct.startsWith("video/") || ct.startsWith("audio/") || ct.contains("emf") || ct.contains("wmf")) {
      throw new StripException(StripException.Kind.UNSUPPORTED, "embedded media of type " + ct);
    }
    return drop(found, Category.OTHER);
  }

  private static Fate drop(Set<Category> found, Category... categories) {
    found.addAll(List.of(categories));
    return Fate.DROP;
  }

  /** Keeps a relationship unless its target is gone, it names a template, or it points at a local or network file. */
  private static boolean keepRel(Rel r, Map<String, Fate> fates, Set<Category> found) {
    String kind = r.kind();
    if (kind.equals("attachedTemplate") || kind.startsWith("mailMerge") || kind.equals("recipientData")) {
      found.add(Category.PATHS);
      return false;
    }
    if (r.external()) {
      if (r.target().matches("(?i)(https?|mailto|ftp|tel):.*")) return true;
      found.add(Category.PATHS);
      return false;
    }
    Fate f = fates.get(r.resolved());
    // A target that is not in the package keeps nothing of the original: leave it (Word ignores it).
    return f == null || f != Fate.DROP;
  }

  /** The OOXML type named by the main part's content type (its ".main+xml" removed). */
  static String refinedType(String mainContentType) {
    String ct = mainContentType.toLowerCase(Locale.ROOT);
    if (!ct.endsWith(".main+xml")) throw StripException.malformed("main part is not a document");
    String type = mainContentType.substring(0, mainContentType.length() - ".main+xml".length());
    return type.startsWith("application/vnd.ms-") ? type + ".12" : type;
  }

  /** Which categories a properties part (core, app, custom) holds, read before it is dropped. */
  private static final class PropertyParts {
    private static final Map<String, Category> BY_ELEMENT = Map.ofEntries(
        Map.entry("creator", Category.PEOPLE), Map.entry("lastModifiedBy", Category.PEOPLE),
        Map.entry("Manager", Category.PEOPLE), Map.entry("Company", Category.PEOPLE),
        Map.entry("created", Category.TIMES), Map.entry("modified", Category.TIMES),
        Map.entry("lastPrinted", Category.TIMES), Map.entry("TotalTime", Category.TIMES),
        Map.entry("title", Category.COMMENTS), Map.entry("subject", Category.COMMENTS),
        Map.entry("description", Category.COMMENTS), Map.entry("keywords", Category.COMMENTS),
        Map.entry("category", Category.COMMENTS), Map.entry("contentStatus", Category.COMMENTS),
        Map.entry("property", Category.COMMENTS), Map.entry("revision", Category.REVISIONS),
        Map.entry("Application", Category.SOFTWARE), Map.entry("AppVersion", Category.SOFTWARE),
        Map.entry("identifier", Category.SOFTWARE), Map.entry("HyperlinkBase", Category.PATHS),
        Map.entry("Template", Category.PATHS));

    static Set<Category> categories(ZipReader zip, ZipReader.Entry e, StripLimits limits) throws IOException {
      Set<Category> found = EnumSet.noneOf(Category.class);
      byte[] xml = zip.readAll(e, limits.maxBlockBytes());
      XmlFilter.filter(new ByteArrayInputStream(xml), OutputStream.nullOutputStream(), (XMLStreamReader r, QName parent) -> {
        Category c = BY_ELEMENT.get(r.getLocalName());
        if (c != null) found.add(c);
        return XmlFilter.Action.KEEP;
      }, limits, found);
      return found;
    }
  }
}

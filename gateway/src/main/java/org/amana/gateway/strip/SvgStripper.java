package org.amana.gateway.strip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * SVG: streamed through the JDK's StAX parser with DTDs off (a DOCTYPE with entity declarations is
 * refused, an external DTD is never fetched) and written again as UTF-8. Kept: elements of the SVG
 * namespace and their un-namespaced attributes, {@code xlink:href}, {@code xml:space} and
 * {@code xml:lang}, and text. Dropped: {@code <metadata>}, {@code <title>} and {@code <desc>} (they
 * are content, but editors put names in them), {@code <script>}, {@code <foreignObject>}, every
 * element or attribute of another namespace (Inkscape, Sodipodi, RDF, Illustrator...), comments,
 * processing instructions, {@code on*} event attributes, and references out of the file: an
 * {@code href} or {@code url(...)} that is not {@code #fragment}, and styles with {@code @import}.
 * Embedded {@code data:image/...;base64} pictures are cleaned with the JPEG, PNG, GIF or WebP
 * stripper (and dropped when they cannot be); other data URIs are dropped.
 */
final class SvgStripper implements Stripper {
  private static final String SVG = "http://www.w3.org/2000/svg";
  private static final String XLINK = "http://www.w3.org/1999/xlink";
  private static final Set<String> DROPPED = Set.of("metadata", "title", "desc", "script", "foreignObject");
  private static final Pattern URL = Pattern.compile("url\\(\\s*['\"]?\\s*([^)'\"\\s]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATA_IMAGE =
      Pattern.compile("data:(image/(?:png|jpeg|jpg|gif|webp))\\s*;\\s*base64\\s*,(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Map<String, Stripper> EMBEDDABLE = Map.of("image/png", new PngStripper(),
      "image/jpeg", new JpegStripper(), "image/jpg", new JpegStripper(), "image/gif", new GifStripper(),
      "image/webp", new WebpStripper());

  @Override
  public Stripped strip(Source source, OutputStream out, StripLimits limits) throws IOException {
    EnumSet<Category> removed = EnumSet.noneOf(Category.class);
    XMLInputFactory inputs = XMLInputFactory.newDefaultFactory(); // the JDK's, whatever is on the classpath
    inputs.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    inputs.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    inputs.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    inputs.setXMLResolver((publicId, systemId, base, namespace) -> {
      throw new XMLStreamException("external resource refused");
    });
    try (InputStream in = source.stream()) {
      XMLStreamReader r = inputs.createXMLStreamReader(in);
      XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      new Walk(r, w, limits, removed).run();
      w.writeEndDocument();
      w.flush();
      r.close();
    } catch (XMLStreamException e) {
      throw new StripException(StripException.Kind.MALFORMED, "SVG: " + e.getMessage(), e);
    }
    return Stripped.of(removed);
  }

  /** One pass over the document. */
  private static final class Walk {
    private final XMLStreamReader r;
    private final XMLStreamWriter w;
    private final StripLimits limits;
    private final EnumSet<Category> removed;
    /** Children seen so far, per open kept or dropped element (for maxEntries). */
    private final Deque<int[]> children = new ArrayDeque<>();
    private int skipping; // depth inside a dropped element
    private StringBuilder dropped; // the names and text of a dropped <metadata>, for its categories
    private StringBuilder style; // the text of a <style>, checked before it is written
    private boolean root = true;

    Walk(XMLStreamReader r, XMLStreamWriter w, StripLimits limits, EnumSet<Category> removed) {
      this.r = r;
      this.w = w;
      this.limits = limits;
      this.removed = removed;
    }

    void run() throws XMLStreamException, IOException {
      while (r.hasNext()) {
        switch (r.next()) {
          case XMLStreamConstants.START_ELEMENT -> start();
          case XMLStreamConstants.END_ELEMENT -> end();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
          case XMLStreamConstants.COMMENT -> removed.add(Category.COMMENTS);
          case XMLStreamConstants.PROCESSING_INSTRUCTION -> removed.add(Category.OTHER);
          case XMLStreamConstants.DTD -> {
            // Never expanded: a DOCTYPE that declares entities is refused, a plain one is dropped.
            if (r.getText().contains("<!ENTITY")) throw new StripException(StripException.Kind.UNSUPPORTED, "SVG entities");
          }
          case XMLStreamConstants.ENTITY_REFERENCE -> throw StripException.malformed("SVG entity reference");
          default -> { }
        }
      }
    }

    private void start() throws XMLStreamException, IOException {
      if (children.size() >= limits.maxDepth()) throw StripException.tooComplex("SVG deeper than " + limits.maxDepth());
      if (!children.isEmpty() && ++children.peek()[0] > limits.maxEntries()) {
        throw StripException.tooComplex("SVG element with more than " + limits.maxEntries() + " children");
      }
      children.push(new int[1]);
      String ns = r.getNamespaceURI();
      String local = r.getLocalName();
      if (root && !(SVG.equals(ns) && local.equals("svg"))) throw StripException.malformed("not an SVG document");
      root = false;
      if (skipping > 0) {
        skipping++;
        if (dropped != null) dropped.append(' ').append(r.getPrefix()).append(':').append(local);
        return;
      }
      if (!SVG.equals(ns) || DROPPED.contains(local)) {
        skipping = 1;
        if (local.equals("metadata") || !SVG.equals(ns)) dropped = new StringBuilder(r.getPrefix() + ":" + local);
        else removed.add(local.equals("title") || local.equals("desc") ? Category.COMMENTS : Category.EMBEDDED);
        return;
      }
      w.writeStartElement("", local, SVG);
      if (children.size() == 1) {
        w.writeDefaultNamespace(SVG);
        w.writeNamespace("xlink", XLINK);
      }
      if (r.getAttributeCount() > limits.maxEntries()) throw StripException.tooComplex("SVG element with too many attributes");
      for (int i = 0; i < r.getAttributeCount(); i++) attribute(i);
      if (local.equals("style")) style = new StringBuilder();
    }

    private void attribute(int i) throws XMLStreamException, IOException {
      String ns = r.getAttributeNamespace(i);
      String local = r.getAttributeLocalName(i);
      String value = r.getAttributeValue(i);
      if (ns == null || ns.isEmpty()) {
        if (local.toLowerCase(Locale.ROOT).startsWith("on")) {
          removed.add(Category.EMBEDDED); // event handlers are scripts
        } else if (local.equals("href")) {
          String clean = href(value);
          if (clean != null) w.writeAttribute(local, clean);
        } else if (externalUrl(value)) {
          removed.add(Category.PATHS);
        } else {
          w.writeAttribute(local, value);
        }
      } else if (XLINK.equals(ns) && local.equals("href")) {
        String clean = href(value);
        if (clean != null) w.writeAttribute("xlink", XLINK, local, clean);
      } else if (XMLConstants.XML_NS_URI.equals(ns) && (local.equals("space") || local.equals("lang"))) {
        w.writeAttribute("xml", XMLConstants.XML_NS_URI, local, value);
      } else {
        String name = local.toLowerCase(Locale.ROOT);
        if (name.contains("filename") || name.contains("docname") || name.contains("docbase")) removed.add(Category.PATHS);
        else if (name.equals("version")) removed.add(Category.SOFTWARE);
        else removed.add(Category.OTHER);
      }
    }

    /** A reference kept only inside the file, or a cleaned embedded picture; null drops it. */
    private String href(String value) throws IOException {
      String v = value.strip();
      if (v.startsWith("#")) return v;
      Matcher m = DATA_IMAGE.matcher(v);
      if (!m.matches()) {
        removed.add(v.regionMatches(true, 0, "data:", 0, 5) ? Category.EMBEDDED : Category.PATHS);
        return null;
      }
      String encoded = m.group(2).replaceAll("\\s", "");
      if (encoded.length() / 4L * 3 > limits.maxBlockBytes()) throw StripException.tooComplex("embedded picture too large");
      try {
        byte[] picture = Base64.getDecoder().decode(encoded);
        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        String type = m.group(1).toLowerCase(Locale.ROOT);
        removed.addAll(EMBEDDABLE.get(type).strip(Source.of(picture), clean, limits).removed());
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(clean.toByteArray());
      } catch (IllegalArgumentException | StripException e) {
        removed.add(Category.EMBEDDED); // a picture that cannot be cleaned is left out
        return null;
      }
    }

    private static boolean externalUrl(String value) {
      Matcher m = URL.matcher(value);
      while (m.find()) {
        if (!m.group(1).startsWith("#")) return true;
      }
      return false;
    }

    private void end() throws XMLStreamException {
      children.pop();
      if (skipping > 0) {
        if (--skipping == 0 && dropped != null) {
          String text = dropped.toString();
          removed.addAll(text.startsWith("sodipodi:") || text.startsWith("inkscape:") ? EnumSet.of(Category.OTHER)
              : ImageMetadata.xmp(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
          dropped = null;
        }
        return;
      }
      if (style != null) {
        String css = style.toString();
        if (css.contains("@import") || externalUrl(css)) removed.add(Category.PATHS);
        else w.writeCharacters(css);
        style = null;
      }
      w.writeEndElement();
    }

    private void text() throws XMLStreamException {
      if (children.isEmpty()) return; // white space around the root element
      if (skipping > 0) {
        if (dropped != null && dropped.length() < limits.maxBlockBytes()) dropped.append(' ').append(r.getText());
        return;
      }
      if (style != null) {
        if (style.length() + r.getTextLength() > limits.maxBlockBytes()) throw StripException.tooComplex("SVG style too large");
        style.append(r.getText());
        return;
      }
      w.writeCharacters(r.getText());
    }
  }
}

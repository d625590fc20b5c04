package org.amana.gateway.strip;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Copies one XML part event by event (StAX, so a 100 MB document.xml never becomes a tree),
 * letting {@link Rules} drop or unwrap elements and drop attributes. The parser is the JDK's own,
 * hardened: no DTD (a DOCTYPE is refused: Office and ODF parts never have one, and entities are
 * how XML bombs work), no external entities, and an element depth limit. XML comments and
 * processing instructions are never copied.
 */
final class XmlFilter {
  enum Action { KEEP, DROP, UNWRAP }

  /** What to keep. Called at each start tag; {@code parent} is the enclosing element (null at the root). */
  interface Rules {
    Action element(XMLStreamReader r, QName parent);

    /** Whether to leave out attribute {@code i} of the current start tag. */
    default boolean dropAttribute(XMLStreamReader r, int i) {
      return false;
    }
  }

  private static final XMLInputFactory INPUT = inputFactory();
  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

  private XmlFilter() {}

  /**
   * An Office XML tree is deeper than a container tree: a paragraph in a table in a text box in a
   * drawing is about 30 elements deep. {@link StripLimits#maxDepth()} counts containers, so four
   * XML levels are allowed per container level.
   */
  static int maxElementDepth(StripLimits limits) {
    return limits.maxDepth() * 4;
  }

  /** Filters {@code in} to {@code out}; adds {@link Category#OTHER} to {@code found} when comments or PIs were dropped. */
  static void filter(InputStream in, OutputStream out, Rules rules, StripLimits limits, Set<Category> found)
      throws IOException {
    int maxDepth = maxElementDepth(limits);
    TrackedOutput tracked = new TrackedOutput(out);
    XMLStreamReader r = null;
    try {
      r = INPUT.createXMLStreamReader(decode(in));
      XMLStreamWriter w = OUTPUT.createXMLStreamWriter(tracked, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      Deque<QName> names = new ArrayDeque<>();
      // Per open element: true when its end tag is to be written (kept), false when unwrapped.
      Deque<Boolean> written = new ArrayDeque<>();
      int skipping = 0; // depth inside a dropped element
      boolean rootSeen = false;
      while (r.hasNext()) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (names.size() >= maxDepth) throw StripException.tooComplex("XML nested deeper than " + maxDepth);
            if (names.isEmpty() && rootSeen) throw StripException.malformed("two root elements");
            rootSeen = true;
            QName parent = names.peek();
            names.push(r.getName());
            if (skipping > 0) {
              skipping++;
              continue;
            }
            Action a = names.size() == 1 ? Action.KEEP : rules.element(r, parent);
            if (a == Action.DROP) {
              skipping = 1;
            } else if (a == Action.UNWRAP) {
              // Its children would lose the prefixes it declares; no real tracked-change mark declares any.
              if (r.getNamespaceCount() > 0) throw StripException.malformed("namespaces declared on an unwrapped element");
              written.push(false);
            } else {
              written.push(true);
              startElement(r, w, rules);
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            names.pop();
            if (skipping > 0) {
              skipping--;
            } else if (written.pop()) {
              w.writeEndElement();
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (skipping == 0 && !names.isEmpty()) w.writeCharacters(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
          }
          case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
            if (skipping == 0) found.add(Category.OTHER);
          }
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION,
               XMLStreamConstants.NOTATION_DECLARATION -> throw StripException.malformed("XML with a DTD or entities");
          default -> {
            // START_DOCUMENT, END_DOCUMENT: written by the writer itself
          }
        }
      }
      if (!rootSeen) throw StripException.malformed("XML without a root element");
      w.writeEndDocument();
      w.flush();
    } catch (XMLStreamException e) {
      throw translate(e, tracked);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // closing a reader over a member stream that is closed by its owner
        }
      }
    }
  }

  private static void startElement(XMLStreamReader r, XMLStreamWriter w, Rules rules) throws XMLStreamException {
    String prefix = r.getPrefix() == null ? "" : r.getPrefix();
    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
    w.writeStartElement(prefix, r.getLocalName(), ns);
    for (int i = 0; i < r.getNamespaceCount(); i++) {
      String p = r.getNamespacePrefix(i);
      String uri = r.getNamespaceURI(i) == null ? "" : r.getNamespaceURI(i);
      if (p == null || p.isEmpty()) {
        w.writeDefaultNamespace(uri);
      } else {
        w.writeNamespace(p, uri);
      }
    }
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (rules.dropAttribute(r, i)) continue;
      String ap = r.getAttributePrefix(i);
      String auri = r.getAttributeNamespace(i);
      if (auri == null || auri.isEmpty()) {
        w.writeAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
      } else {
        w.writeAttribute(ap == null ? "" : ap, auri, r.getAttributeLocalName(i), r.getAttributeValue(i));
      }
    }
  }

  /**
   * A limit or bad CRC met in the member stream keeps its meaning; an output failure stays an
   * IOException; anything else (bad XML, bad encoding, a read error) is MALFORMED.
   */
  private static IOException translate(XMLStreamException e, TrackedOutput out) {
    Throwable t = e;
    for (int i = 0; t != null && i < 10; i++) {
      if (t instanceof StripException s) throw s;
      t = t.getCause() != null ? t.getCause() : t instanceof XMLStreamException x ? x.getNestedException() : null;
    }
    if (out.failed() && e.getCause() instanceof IOException io) return io;
    if (out.failed()) return new IOException("writing the output failed", e);
    // Not chained: the parser's message can quote the document, and exceptions end up in logs.
    var at = e.getLocation();
    throw StripException.malformed("bad XML" + (at == null ? "" : " at line " + at.getLineNumber()));
  }

  /**
   * OOXML and ODF parts are UTF-8 or UTF-16 (with a byte-order mark). Decoding here, strictly,
   * means a bad byte is an IOException to us rather than a message the JDK parser prints to stderr.
   */
  private static Reader decode(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(3);
    int b0 = in.read();
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    Charset cs = StandardCharsets.UTF_8;
    if ((b0 == 0xfe && b1 == 0xff) || (b0 == 0xff && b1 == 0xfe)) {
      cs = StandardCharsets.UTF_16; // reads and drops the BOM
    } else if (b0 == 0xef && b1 == 0xbb && b2 == 0xbf) {
      in.skipNBytes(3);
    }
    return new InputStreamReader(in, cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static XMLInputFactory inputFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    // Parser messages can quote the document: none may reach stderr (and from there a log).
    f.setXMLReporter((message, type, info, location) -> { });
    // The JDK's own depth limit stays as a backstop, above ours so that ours reports TOO_COMPLEX.
    f.setProperty("jdk.xml.maxElementDepth", "1000");
    return f;
  }
}

package org.amana.gateway.strip;

import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamReader;

/**
 * What is taken out of ODF content.xml and styles.xml. Tracked changes are accepted: the
 * {@code text:tracked-changes} block (the only place deleted text lives, with each change's
 * author and date) goes, and so do the change marks in the text, leaving insertions in place.
 * Annotations (comments with their authors and dates), scripts and event listeners,
 * LibreOffice's rsids, and links or images that point at local or network paths go too.
 */
final class OdfRules implements XmlFilter.Rules {
  private static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
  private static final String TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
  private static final String OFFICEOOO = "http://openoffice.org/2009/office";
  private static final String XLINK = "http://www.w3.org/1999/xlink";
  private static final Set<String> CHANGE_MARKS = Set.of("change", "change-start", "change-end");

  private final Set<Category> found;

  OdfRules(Set<Category> found) {
    this.found = found;
  }

  @Override
  public XmlFilter.Action element(XMLStreamReader r, QName parent) {
    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
    String local = r.getLocalName();
    if ((ns.equals(TEXT) || ns.equals(TABLE)) && local.equals("tracked-changes")) return drop(Category.REVISIONS, Category.PEOPLE);
    if (ns.equals(TEXT) && CHANGE_MARKS.contains(local)) return drop(Category.REVISIONS);
    if (ns.equals(OdfStripper.OFFICE) && (local.equals("annotation") || local.equals("annotation-end"))) {
      return drop(Category.COMMENTS, Category.PEOPLE);
    }
    if (ns.equals(OdfStripper.OFFICE) && (local.equals("scripts") || local.equals("event-listeners"))) {
      return drop(Category.EMBEDDED);
    }
    return XmlFilter.Action.KEEP;
  }

  @Override
  public boolean dropAttribute(XMLStreamReader r, int i) {
    String ns = r.getAttributeNamespace(i) == null ? "" : r.getAttributeNamespace(i);
    String local = r.getAttributeLocalName(i);
    if (ns.equals(OFFICEOOO) && local.endsWith("rsid")) {
      found.add(Category.SOFTWARE);
      return true;
    }
    if (ns.equals(XLINK) && local.equals("href")) {
      String v = r.getAttributeValue(i);
      if (v.startsWith("../") || OoxmlRules.looksLikePath(v)) {
        found.add(Category.PATHS);
        return true;
      }
    }
    return false;
  }

  private XmlFilter.Action drop(Category... categories) {
    found.addAll(Set.of(categories));
    return XmlFilter.Action.DROP;
  }
}

package org.amana.gateway.strip;

import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamReader;

/**
 * What is taken out of every OOXML XML part (document, headers, footers, footnotes, settings,
 * numbering, workbook, sheets, slides). Tracked changes are accepted: deletions and moved-away
 * text go with their content, insertions are unwrapped, formatting changes are dropped. Comment
 * anchors, rsids, nsids, document ids, revision authors, initials and dates, the template and
 * mail-merge sources, Excel's save folder and file-sharing user, and picture descriptions that are
 * file paths all go. An element that pointed at a removed relationship goes too (or, for links
 * and page setup, only its pointer), so no reference dangles.
 */
final class OoxmlRules implements XmlFilter.Rules {
  static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  private static final String W14 = "http://schemas.microsoft.com/office/word/2010/wordml";
  private static final String W15 = "http://schemas.microsoft.com/office/word/2012/wordml";
  private static final String X15AC = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac";
  private static final String SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision";
  private static final Set<String> R = Set.of("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "http://purl.oclc.org/ooxml/officeDocument/relationships");

  /** Word elements dropped with their content, and the category each holds. */
  private static final Map<String, Category> W_DROP = Map.ofEntries(
      Map.entry("del", Category.REVISIONS), Map.entry("moveFrom", Category.REVISIONS),
      Map.entry("delText", Category.REVISIONS), Map.entry("delInstrText", Category.REVISIONS),
      Map.entry("moveFromRangeStart", Category.REVISIONS), Map.entry("moveFromRangeEnd", Category.REVISIONS),
      Map.entry("moveToRangeStart", Category.REVISIONS), Map.entry("moveToRangeEnd", Category.REVISIONS),
      Map.entry("customXmlDelRangeStart", Category.REVISIONS), Map.entry("customXmlDelRangeEnd", Category.REVISIONS),
      Map.entry("customXmlInsRangeStart", Category.REVISIONS), Map.entry("customXmlInsRangeEnd", Category.REVISIONS),
      Map.entry("customXmlMoveFromRangeStart", Category.REVISIONS), Map.entry("customXmlMoveFromRangeEnd", Category.REVISIONS),
      Map.entry("customXmlMoveToRangeStart", Category.REVISIONS), Map.entry("customXmlMoveToRangeEnd", Category.REVISIONS),
      Map.entry("pPrChange", Category.REVISIONS), Map.entry("rPrChange", Category.REVISIONS),
      Map.entry("sectPrChange", Category.REVISIONS), Map.entry("tblPrChange", Category.REVISIONS),
      Map.entry("tblPrExChange", Category.REVISIONS), Map.entry("trPrChange", Category.REVISIONS),
      Map.entry("tcPrChange", Category.REVISIONS), Map.entry("tblGridChange", Category.REVISIONS),
      Map.entry("numberingChange", Category.REVISIONS), Map.entry("cellIns", Category.REVISIONS),
      Map.entry("cellDel", Category.REVISIONS), Map.entry("cellMerge", Category.REVISIONS),
      Map.entry("commentRangeStart", Category.COMMENTS), Map.entry("commentRangeEnd", Category.COMMENTS),
      Map.entry("commentReference", Category.COMMENTS), Map.entry("annotationRef", Category.COMMENTS),
      Map.entry("rsids", Category.SOFTWARE), Map.entry("nsid", Category.SOFTWARE), Map.entry("tmpl", Category.SOFTWARE),
      Map.entry("attachedTemplate", Category.PATHS), Map.entry("mailMerge", Category.PATHS),
      Map.entry("saveThroughXslt", Category.PATHS), Map.entry("docVars", Category.COMMENTS));

  /** Elements whose removed relationship pointer is dropped alone (the element itself renders without it). */
  private static final Set<String> POINTER_ONLY = Set.of("pageSetup", "hyperlink", "hlinkClick", "hlinkHover", "hlinkMouseOver");

  private final Set<String> removedRelIds;
  private final Set<Category> found;

  OoxmlRules(Set<String> removedRelIds, Set<Category> found) {
    this.removedRelIds = removedRelIds;
    this.found = found;
  }

  @Override
  public XmlFilter.Action element(XMLStreamReader r, QName parent) {
    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
    String local = r.getLocalName();
    if (ns.equals(W)) {
      Category c = W_DROP.get(local);
      if (c != null) return drop(c);
      if (local.equals("ins") || local.equals("moveTo")) {
        found.add(Category.REVISIONS);
        return XmlFilter.Action.UNWRAP;
      }
    }
    if ((ns.equals(W14) || ns.equals(W15)) && local.equals("docId")) return drop(Category.SOFTWARE);
    if (ns.equals(X15AC) && local.equals("absPath")) return drop(Category.PATHS);
    if (ns.equals(SML) && local.equals("fileSharing")) return drop(Category.PEOPLE);
    if (ns.equals(XR) && local.equals("revisionPtr")) return drop(Category.SOFTWARE);
    if (!POINTER_ONLY.contains(local) && pointsAtRemoved(r)) return XmlFilter.Action.DROP;
    return XmlFilter.Action.KEEP;
  }

  @Override
  public boolean dropAttribute(XMLStreamReader r, int i) {
    String ns = r.getAttributeNamespace(i) == null ? "" : r.getAttributeNamespace(i);
    String local = r.getAttributeLocalName(i);
    if (ns.equals(W)) {
      if (local.startsWith("rsid")) return mark(Category.SOFTWARE);
      if (local.equals("author") || local.equals("initials")) return mark(Category.PEOPLE);
      if (local.equals("date")) return mark(Category.TIMES);
    }
    if (local.equals("dateUtc")) return mark(Category.TIMES);
    if (local.equals("uid") && ns.startsWith("http://schemas.microsoft.com/office/spreadsheetml/20")) {
      return mark(Category.SOFTWARE);
    }
    if (R.contains(ns) && removedRelIds.contains(r.getAttributeValue(i))) return true;
    if ((local.equals("descr") || local.equals("title")) && ns.isEmpty() && looksLikePath(r.getAttributeValue(i))) {
      return mark(Category.PATHS);
    }
    return false;
  }

  private boolean pointsAtRemoved(XMLStreamReader r) {
    if (removedRelIds.isEmpty()) return false;
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String ns = r.getAttributeNamespace(i);
      if (ns != null && R.contains(ns) && removedRelIds.contains(r.getAttributeValue(i))) return true;
    }
    return false;
  }

  /** C:\..., \\server\..., /home/..., file:... : where a picture was inserted from. */
  static boolean looksLikePath(String v) {
    return v.matches("(?s)([A-Za-z]:[\\\\/]|\\\\\\\\|/|~/|(?i:file:)).*");
  }

  private XmlFilter.Action drop(Category c) {
    found.add(c);
    return XmlFilter.Action.DROP;
  }

  private boolean mark(Category c) {
    found.add(c);
    return true;
  }
}

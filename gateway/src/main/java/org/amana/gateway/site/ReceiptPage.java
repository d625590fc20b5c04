package org.amana.gateway.site;

import java.util.Locale;
import org.amana.gateway.ingest.Intake.Accepted;
import org.amana.gateway.ingest.Intake.AcceptedFile;
import org.amana.gateway.ingest.MetadataOutcome;

/**
 * Shown only after the submission is durably stored: the receipt, how to keep it, and what was
 * received. The receipt is digits in groups, set left-to-right so the groups keep their order in an
 * Arabic page. File names are the defender's own and are shown isolated ({@code <bdi>}).
 */
final class ReceiptPage {
  private final Layout layout;

  ReceiptPage(Layout layout) {
    this.layout = layout;
  }

  /** After a new submission. */
  String render(Text t, Accepted accepted) {
    StringBuilder out = new StringBuilder(4096);
    out.append("<h1>").append(t.h("receipt.heading")).append("</h1>\n");
    receipt(out, t, accepted.receiptCode());
    fingerprint(out, t, accepted);
    files(out, t, accepted);
    next(out, t);
    return layout.page(t, t.get("receipt.title"), "check-in", out);
  }

  /** After material was added through a check-in. */
  String added(Text t, Accepted accepted) {
    StringBuilder out = new StringBuilder(4096);
    out.append("<h1>").append(t.h("added.heading")).append("</h1>\n");
    if (accepted.newReceipt() && accepted.receiptCode() != null && !accepted.receiptCode().isBlank()) {
      out.append("<p>").append(t.h("added.new")).append("</p>\n");
      receipt(out, t, accepted.receiptCode());
    } else {
      out.append("<p>").append(t.h("added.same")).append("</p>\n");
    }
    fingerprint(out, t, accepted);
    files(out, t, accepted);
    next(out, t);
    return layout.page(t, t.get("added.title"), "check-in", out);
  }

  /** The submission's place in the integrity log: a fingerprint to note and its entry number. */
  private static void fingerprint(StringBuilder out, Text t, Accepted accepted) {
    if (accepted.fingerprint() == null) return;
    out.append("<p>").append(t.h("receipt.log", "\u2068" + accepted.fingerprint() + "\u2069", accepted.logIndex()))
        .append("</p>\n<p class=\"note\">").append(t.h("receipt.log.why")).append("</p>\n");
  }

  private static void receipt(StringBuilder out, Text t, String code) {
    out.append("<p>").append(t.h("receipt.label")).append("</p>\n")
        .append("<p id=\"receipt\" class=\"receipt\" dir=\"ltr\" translate=\"no\">").append(Html.escape(code))
        .append("</p>\n<ul class=\"advice\">\n");
    for (String item : new String[] {"write", "only", "never"}) {
      out.append("<li>").append(t.h("receipt." + item)).append("</li>\n");
    }
    out.append("</ul>\n");
  }

  static void files(StringBuilder out, Text t, Accepted accepted) {
    out.append("<h2>").append(t.h("receipt.files.heading")).append("</h2>\n");
    if (accepted.files().isEmpty()) {
      out.append("<p>").append(t.h("receipt.files.none")).append("</p>\n");
      return;
    }
    out.append("<table class=\"files\">\n<thead><tr>");
    for (String column : new String[] {"name", "type", "size", "metadata"}) {
      out.append("<th scope=\"col\">").append(t.h("receipt.files." + column)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (AcceptedFile f : accepted.files()) {
      out.append("<tr><td><bdi>").append(Html.escape(f.name())).append("</bdi></td><td><bdi>")
          .append(Html.escape(f.detectedType())).append("</bdi></td><td>").append(Html.escape(t.size(f.size())))
          .append("</td><td>");
      metadata(out, t, f.metadata());
      out.append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
    if (accepted.files().stream().anyMatch(f -> f.metadata().status() != MetadataOutcome.Status.KEPT)) {
      out.append("<p class=\"note\">").append(t.h("receipt.metadata.residual")).append("</p>\n");
    }
  }

  /** What happened to a file's hidden information, in plain words: the categories, never the values. */
  static void metadata(StringBuilder out, Text t, MetadataOutcome m) {
    String status = m.status().name().toLowerCase(Locale.ROOT);
    out.append(t.h("receipt.metadata." + status));
    if (m.status() == MetadataOutcome.Status.REMOVED) {
      out.append("<ul class=\"removed\">");
      m.removed().stream().sorted()
          .forEach(c -> out.append("<li>").append(t.h("strip.category." + c.name().toLowerCase(Locale.ROOT))).append("</li>"));
      out.append("</ul>");
    }
  }

  private static void next(StringBuilder out, Text t) {
    out.append("<p>").append(t.h("receipt.next")).append("</p>\n<p class=\"actions\"><a class=\"button\" href=\"/")
        .append(Html.escape(t.language().code())).append("/check-in\">").append(t.h("receipt.checkin"))
        .append("</a></p>\n");
  }
}

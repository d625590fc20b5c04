package org.amana.gateway.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.amana.gateway.Limits;
import org.amana.gateway.ingest.CheckIn;
import org.amana.gateway.ingest.CheckIn.Reply;
import org.amana.gateway.ingest.CheckIn.Visit;

/**
 * Coming back with a receipt: the form, the neutral "no match" answer (a malformed receipt and an
 * unknown one read the same), and a visit — the date the submission arrived, the replies, and a
 * form to add material with the visit's short-lived token (never the receipt).
 */
final class CheckInPage {
  /** Generous: 20 digits with spaces or dashes between any of them. */
  private static final int RECEIPT_FIELD_CHARS = 100;

  private final Layout layout;
  private final Limits limits;
  private final ConsentPage consent;

  CheckInPage(Layout layout, Limits limits, ConsentPage consent) {
    this.layout = layout;
    this.limits = limits;
    this.consent = consent;
  }

  String form(Text t, String csrfToken, boolean noMatch) {
    StringBuilder out = new StringBuilder(4096);
    ConsentPage.leaveQuickly(out, t);
    out.append("<h1>").append(t.h("checkin.title")).append("</h1>\n");
    if (noMatch) out.append("<p class=\"warning\" role=\"alert\">").append(t.h("checkin.notfound")).append("</p>\n");
    out.append("<p>").append(t.h("checkin.intro")).append("</p>\n<form method=\"post\" accept-charset=\"utf-8\" ")
        .append("action=\"/").append(Html.escape(t.language().code())).append("/check-in\">\n")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(csrfToken)).append("\">\n");
    Forms.label(out, t, "receipt", "checkin.receipt.label");
    Forms.hint(out, "receipt", t.h("checkin.receipt.hint"));
    // No autocomplete, no spell checker, no capitalisation: the receipt must not linger in the browser.
    out.append("<input type=\"text\" id=\"receipt\" name=\"receipt\" class=\"receipt-entry\" required maxlength=\"")
        .append(RECEIPT_FIELD_CHARS).append("\" autocomplete=\"off\" inputmode=\"numeric\" autocapitalize=\"off\" ")
        .append("spellcheck=\"false\" dir=\"ltr\" aria-describedby=\"receipt-hint\">\n<p class=\"note\">")
        .append(t.h("checkin.wait")).append("</p>\n");
    Forms.submit(out, t, "checkin.send");
    out.append("</form>\n");
    return layout.page(t, t.get("checkin.title"), "check-in", out);
  }

  /** @param offerProof whether the defender may download an offline proof of inclusion */
  String visit(Text t, Visit visit, String csrfToken, boolean offerProof) {
    StringBuilder out = new StringBuilder(16384);
    ConsentPage.leaveQuickly(out, t); // first on the page: one tab or click away
    out.append("<h1>").append(t.h("visit.title")).append("</h1>\n<p>")
        .append(t.h("visit.received", "\u2068" + visit.receivedDay() + "\u2069")).append("</p>\n");
    integrity(out, t, visit.integrity());
    if (offerProof && visit.integrity() != null && visit.integrity().intact() && visit.integrity().included()) {
      proofForm(out, t, visit.token(), csrfToken);
    }
    out.append("<h2>")
        .append(t.h("visit.replies.heading")).append("</h2>\n");
    if (visit.replies().isEmpty()) out.append("<p>").append(t.h("visit.replies.none")).append("</p>\n");
    for (Reply reply : visit.replies()) {
      out.append("<article class=\"reply\">\n<h3>").append(t.h("visit.reply.day", "\u2068" + reply.day() + "\u2069"))
          .append("</h3>\n<p class=\"text\" dir=\"auto\">")
          .append(reply.intact() ? Html.escape(reply.text()) : t.h("visit.reply.damaged")).append("</p>\n</article>\n");
    }
    consent.section(out, t, visit.consent() == null ? CheckIn.ConsentView.UNKNOWN : visit.consent(), visit.token(), csrfToken);
    addForm(out, t, visit.token(), csrfToken);
    out.append("<p>").append(t.h("visit.leave")).append("</p>\n");
    return layout.page(t, t.get("visit.title"), "check-in", out);
  }

  /** Intact and included, or plainly not: the defender is told either way, never the technical detail. */
  private static void integrity(StringBuilder out, Text t, CheckIn.Integrity i) {
    if (i == null) return;
    String fp = "\u2068" + i.fingerprint() + "\u2069";
    if (i.intact() && i.included()) {
      out.append("<p>").append(t.h("visit.integrity.ok", fp, i.index(), i.checkpointSize())).append("</p>\n");
    } else if (i.intact()) {
      out.append("<p>").append(t.h("visit.integrity.pending", fp, i.index())).append("</p>\n");
    } else {
      out.append("<p class=\"warning\" role=\"alert\">").append(t.h("visit.integrity.damaged", fp)).append("</p>\n");
    }
  }

  /** The offline proof, behind a plain warning: holding it shows that its holder submitted. */
  private static void proofForm(StringBuilder out, Text t, String visitToken, String csrfToken) {
    out.append("<p class=\"note\">").append(t.h("visit.proof.warning")).append("</p>\n<form method=\"post\" accept-charset=\"utf-8\" ")
        .append("action=\"/").append(Html.escape(t.language().code())).append("/check-in/proof\">\n")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(csrfToken)).append("\">\n")
        .append("<input type=\"hidden\" name=\"visit\" value=\"").append(Html.escape(visitToken)).append("\">\n");
    Forms.submit(out, t, "visit.proof.send");
    out.append("</form>\n");
  }

  private void addForm(StringBuilder out, Text t, String visitToken, String csrfToken) {
    out.append("<h2>").append(t.h("visit.add.heading")).append("</h2>\n<p>").append(t.h("visit.add.intro"))
        .append("</p>\n<form method=\"post\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\" action=\"/")
        .append(Html.escape(t.language().code())).append("/check-in/add?csrf=").append(Html.escape(csrfToken))
        .append("&amp;visit=").append(Html.escape(URLEncoder.encode(visitToken, StandardCharsets.UTF_8)))
        .append("\">\n");
    Forms.label(out, t, "more-report", "visit.add.report.label");
    Forms.hint(out, "more-report", t.h("submit.report.hint", limits.maxReportChars()));
    Forms.textarea(out, "more-report", "report", limits.maxReportChars(), 6);
    SubmitPage.metadata(out, t);
    Forms.label(out, t, "more-files", "visit.add.files.label");
    Forms.hint(out, "more-files", t.h("submit.files.hint", limits.maxFiles(), t.size(limits.maxFileBytes()),
        t.size(limits.maxTotalBytes())));
    Forms.files(out, "more-files");
    out.append("<p class=\"note\">").append(t.h("visit.add.expires")).append("</p>\n");
    Forms.submit(out, t, "visit.add.send");
    out.append("</form>\n");
  }
}

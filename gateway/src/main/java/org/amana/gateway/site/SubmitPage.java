package org.amana.gateway.site;

import org.amana.crypto.format.Consent;
import org.amana.gateway.Limits;

/**
 * The submission form. Its field names are a contract with the ingest pipeline: {@code report},
 * {@code files}, {@code contact}, {@code contact_channel}, {@code use_un}, {@code use_partners},
 * {@code use_public}, {@code use_legal}, {@code naming}, {@code lapse}, {@code metadata} (see {@link ConsentForm}). The most protective
 * answer of every consent question is preselected; every other use must be ticked.
 */
final class SubmitPage {
  private final Layout layout;
  private final Limits limits;

  SubmitPage(Layout layout, Limits limits) {
    this.layout = layout;
    this.limits = limits;
  }

  String render(Text t, String csrfToken) {
    StringBuilder out = new StringBuilder(12288);
    out.append("<h1>").append(t.h("submit.title")).append("</h1>\n<p>").append(t.h("submit.intro")).append("</p>\n");
    // The token rides in the action's query string: the site checks it before it reads the body.
    out.append("<form method=\"post\" enctype=\"multipart/form-data\" accept-charset=\"utf-8\" action=\"/")
        .append(Html.escape(t.language().code())).append("/submit?csrf=").append(Html.escape(csrfToken))
        .append("\">\n");
    Forms.label(out, t, "report", "submit.report.label");
    Forms.hint(out, "report", t.h("submit.report.hint", limits.maxReportChars()));
    Forms.textarea(out, "report", "report", limits.maxReportChars(), 12);
    metadata(out, t); // before the files: the pipeline reads the answer as each file begins
    Forms.label(out, t, "files", "submit.files.label");
    Forms.hint(out, "files", t.h("submit.files.hint", limits.maxFiles(), t.size(limits.maxFileBytes()),
        t.size(limits.maxTotalBytes())));
    Forms.files(out, "files");

    out.append("<h2>").append(t.h("submit.consent.heading")).append("</h2>\n<p>").append(t.h("submit.consent.intro"))
        .append("</p>\n<p class=\"note\">").append(t.h("submit.consent.record")).append("</p>\n");
    ConsentForm.questions(out, t, Consent.mostProtective(), limits.maxFieldChars());

    out.append("<p class=\"note\">").append(t.h("submit.wait")).append("</p>\n");
    Forms.submit(out, t, "submit.send");
    out.append("</form>\n");
    return layout.page(t, t.get("submit.title"), "submit", out);
  }

  static void metadata(StringBuilder out, Text t) {
    out.append("<fieldset>\n<legend>").append(t.h("metadata.legend")).append("</legend>\n<p>")
        .append(t.h("metadata.intro")).append("</p>\n");
    Forms.radio(out, t, "metadata", "remove", true);
    Forms.radio(out, t, "metadata", "keep", false);
    out.append("</fieldset>\n");
  }
}

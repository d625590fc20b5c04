package org.amana.gateway.site;

import java.util.Locale;
import org.amana.gateway.ingest.Intake.AcceptedFile;
import org.amana.gateway.ingest.Intake.NeedsDecision;

/**
 * Shown when hidden information could not be removed from some files: nothing is stored yet, and
 * the defender chooses, per file, to leave it out (preselected) or send it as it is. A file refused
 * as a possible bomb has no choice. One form sends the decision, another cancels everything.
 */
final class DecisionPage {
  private final Layout layout;

  DecisionPage(Layout layout) {
    this.layout = layout;
  }

  String render(Text t, NeedsDecision pending, String csrfToken) {
    String lang = Html.escape(t.language().code());
    StringBuilder out = new StringBuilder(6144);
    out.append("<h1>").append(t.h("decide.heading")).append("</h1>\n<p>").append(t.h("decide.intro")).append("</p>\n");
    out.append("<form method=\"post\" accept-charset=\"utf-8\" action=\"/").append(lang).append("/submit/decide\">\n")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(csrfToken)).append("\">\n")
        .append("<input type=\"hidden\" name=\"pending\" value=\"").append(Html.escape(pending.token())).append("\">\n");
    for (AcceptedFile f : pending.files()) {
      if (!f.metadata().needsDecision()) continue;
      out.append("<fieldset>\n<legend><bdi>").append(Html.escape(f.name())).append("</bdi> (")
          .append(Html.escape(t.size(f.size()))).append(")</legend>\n<p>")
          .append(t.h("decide.problem." + f.metadata().problem().name().toLowerCase(Locale.ROOT))).append("</p>\n");
      if (f.metadata().refused()) {
        out.append("<p class=\"warning\">").append(t.h("decide.refused")).append("</p>\n");
      } else {
        String name = "send_" + f.ordinal();
        Forms.choice(out, t, "radio", name, "no", name + "-no", true, "decide.leave");
        Forms.choice(out, t, "radio", name, "yes", name + "-yes", false, "decide.send");
      }
      out.append("</fieldset>\n");
    }
    Forms.submit(out, t, "decide.continue");
    out.append("</form>\n");
    if (pending.files().stream().anyMatch(f -> !f.metadata().needsDecision())) {
      out.append("<h2>").append(t.h("decide.cleaned.heading")).append("</h2>\n<ul>\n");
      for (AcceptedFile f : pending.files()) {
        if (f.metadata().needsDecision()) continue;
        out.append("<li><bdi>").append(Html.escape(f.name())).append("</bdi>: ");
        ReceiptPage.metadata(out, t, f.metadata());
        out.append("</li>\n");
      }
      out.append("</ul>\n");
    }
    out.append("<form method=\"post\" accept-charset=\"utf-8\" action=\"/").append(lang).append("/submit/cancel\">\n")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(csrfToken)).append("\">\n")
        .append("<input type=\"hidden\" name=\"pending\" value=\"").append(Html.escape(pending.token())).append("\">\n");
    Forms.submit(out, t, "decide.cancel");
    out.append("</form>\n");
    return layout.page(t, t.get("decide.title"), "submit", out);
  }

  /** After "cancel": nothing was kept. */
  String cancelled(Text t) {
    StringBuilder out = new StringBuilder(1024);
    out.append("<h1>").append(t.h("decide.cancelled.heading")).append("</h1>\n<p>").append(t.h("decide.cancelled"))
        .append("</p>\n<p class=\"actions\"><a class=\"button\" href=\"/").append(Html.escape(t.language().code()))
        .append("/submit\">").append(t.h("decide.cancelled.again")).append("</a></p>\n");
    return layout.page(t, t.get("decide.cancelled.heading"), "submit", out);
  }
}

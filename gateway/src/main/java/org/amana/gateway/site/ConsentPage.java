package org.amana.gateway.site;

import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentRequest;
import org.amana.gateway.ingest.CheckIn.ConsentView;

/**
 * Consent at check-in: the consent on record, the reviewers' requests with a yes and a no, the
 * change form (answers on record preselected), the withdrawal form with what it cannot undo, and
 * the page shown once a change is recorded. Every form carries the visit's short-lived token,
 * never the receipt; all are plain HTML forms.
 */
final class ConsentPage {
  /** A page anyone might have open: where "leave quickly" goes. A plain link; the site sends no referrer. */
  static final String NEUTRAL_PAGE = "https://duckduckgo.com/";

  private final Layout layout;
  private final int maxFieldChars;

  ConsentPage(Layout layout, int maxFieldChars) {
    this.layout = layout;
    this.maxFieldChars = maxFieldChars;
  }

  static void leaveQuickly(StringBuilder out, Text t) {
    out.append("<p class=\"leave\"><a href=\"").append(NEUTRAL_PAGE).append("\" rel=\"noreferrer\">")
        .append(t.h("leave.link")).append("</a></p>\n");
  }

  /** The consent section of the visit page. */
  void section(StringBuilder out, Text t, ConsentView v, String visitToken, String csrfToken) {
    out.append("<h2 id=\"consent\">").append(t.h("consent.heading")).append("</h2>\n");
    if (v.damaged()) out.append("<p class=\"warning\" role=\"alert\">").append(t.h("consent.damaged")).append("</p>\n");
    if (!v.known()) {
      out.append("<p>").append(t.h("consent.unknown")).append("</p>\n");
    } else if (v.current() == null) {
      out.append("<p class=\"warning\">").append(t.h("consent.withdrawn", "\u2068" + v.since() + "\u2069")).append("</p>\n");
    } else {
      out.append("<p>").append(t.h("consent.on_record", "\u2068" + v.since() + "\u2069")).append("</p>\n");
      ConsentForm.summary(out, t, v.current());
    }
    for (ConsentRequest r : v.pending()) request(out, t, r, v, visitToken, csrfToken);

    Consent shown = v.current() != null ? v.current() : Consent.mostProtective();
    out.append("<h3>").append(t.h("consent.change.heading")).append("</h3>\n");
    open(out, t, "consent", visitToken, csrfToken);
    seen(out, v);
    out.append("<input type=\"hidden\" name=\"metadata\" value=\"").append(Consent.name(shown.metadata())).append("\">\n");
    out.append("<p class=\"note\">").append(t.h("submit.consent.record")).append("</p>\n");
    ConsentForm.questions(out, t, shown, maxFieldChars);
    Forms.submit(out, t, "consent.change.send");
    out.append("</form>\n");

    if (v.current() != null || !v.known()) {
      out.append("<h3>").append(t.h("consent.withdraw.heading")).append("</h3>\n<p>").append(t.h("consent.withdraw.effect"))
          .append("</p>\n<p class=\"warning\">").append(t.h("consent.withdraw.cannot")).append("</p>\n");
      open(out, t, "withdraw", visitToken, csrfToken);
      Forms.submit(out, t, "consent.withdraw.send");
      out.append("</form>\n");
    }
  }

  private static void request(StringBuilder out, Text t, ConsentRequest r, ConsentView v, String visitToken, String csrfToken) {
    out.append("<article class=\"request\">\n<h3>").append(t.h("request.heading", "\u2068" + r.day() + "\u2069")).append("</h3>\n<p>")
        .append(t.h("request.action." + Consent.name(r.action()))).append("</p>\n");
    if (!r.text().isBlank()) out.append("<p class=\"text\" dir=\"auto\">").append(Html.escape(r.text())).append("</p>\n");
    if (!v.known()) {
      // The consent given with the report is sealed for reviewers only: a yes here could not add to it, only replace it.
      out.append("<p>").append(t.h("request.use_change_form")).append("</p>\n</article>\n");
      return;
    }
    open(out, t, "answer", visitToken, csrfToken);
    seen(out, v);
    out.append("<input type=\"hidden\" name=\"request\" value=\"").append(Html.escape(r.id())).append("\">\n")
        .append("<input type=\"hidden\" name=\"action\" value=\"").append(Consent.name(r.action())).append("\">\n")
        .append("<input type=\"hidden\" name=\"before\" value=\"")
        .append(v.current() == null ? "" : Html.escape(v.current().toJson())).append("\">\n")
        .append("<p><button type=\"submit\" name=\"answer\" value=\"yes\">").append(t.h("request.yes"))
        .append("</button> <button type=\"submit\" name=\"answer\" value=\"no\">").append(t.h("request.no"))
        .append("</button></p>\n</form>\n</article>\n");
  }

  /** How many consent records the page was drawn from: a change from a stale page is refused. */
  private static void seen(StringBuilder out, ConsentView v) {
    out.append("<input type=\"hidden\" name=\"seen\" value=\"").append(v.recorded()).append("\">\n");
  }

  private static void open(StringBuilder out, Text t, String path, String visitToken, String csrfToken) {
    out.append("<form method=\"post\" accept-charset=\"utf-8\" action=\"/").append(Html.escape(t.language().code()))
        .append("/check-in/").append(path).append("\">\n")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(csrfToken)).append("\">\n")
        .append("<input type=\"hidden\" name=\"visit\" value=\"").append(Html.escape(visitToken)).append("\">\n");
  }

  /** After a change was recorded: what is on record now (null: withdrawn), and the way back. */
  String recorded(Text t, Consent now) {
    StringBuilder out = new StringBuilder(2048);
    leaveQuickly(out, t);
    if (now == null) {
      out.append("<h1>").append(t.h("consent.done.withdrawn")).append("</h1>\n<p>").append(t.h("consent.withdraw.effect"))
          .append("</p>\n<p>").append(t.h("consent.withdraw.cannot")).append("</p>\n");
    } else {
      out.append("<h1>").append(t.h("consent.done.changed")).append("</h1>\n");
      ConsentForm.summary(out, t, now);
    }
    out.append("<p>").append(t.h("consent.done.again")).append(" <a href=\"/").append(Html.escape(t.language().code()))
        .append("/check-in\">").append(t.h("checkin.title")).append("</a></p>\n<p>").append(t.h("visit.leave")).append("</p>\n");
    return layout.page(t, t.get(now == null ? "consent.done.withdrawn" : "consent.done.changed"), "check-in", out);
  }
}

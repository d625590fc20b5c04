package org.amana.gateway.site;

import org.amana.gateway.Limits;

/**
 * A refusal or failure, in the visitor's language: what happened, what to do, a way back. Messages
 * may name the limits: {0} largest file, {1} all files, {2} files, {3} parts, {4} report
 * characters, {5} characters of another field.
 */
final class ErrorPage {
  private final Layout layout;
  private final Limits limits;

  ErrorPage(Layout layout, Limits limits) {
    this.layout = layout;
    this.limits = limits;
  }

  /**
   * @param key the problem's message key, {@code error.<key>} and {@code error.<key>.title}
   * @param back the path after {@code /<lang>/} of the page to go back to ("" for the home page)
   */
  String render(Text t, String key, String back) {
    Object[] args = {t.size(limits.maxFileBytes()), t.size(limits.maxTotalBytes()), limits.maxFiles(),
        limits.maxParts(), limits.maxReportChars(), limits.maxFieldChars()};
    String title = t.get("error." + key + ".title");
    StringBuilder out = new StringBuilder(2048);
    out.append("<h1>").append(Html.escape(title)).append("</h1>\n<p id=\"problem\" class=\"problem\">")
        .append(t.h("error." + key, args)).append("</p>\n<p class=\"actions\"><a class=\"button\" href=\"/")
        .append(Html.escape(t.language().code())).append('/').append(Html.escape(back)).append("\">")
        .append(t.h(back.isEmpty() ? "error.back.home" : "error.back.form")).append("</a></p>\n");
    return layout.page(t, title, back, out);
  }

  /** A path whose first segment is no language of the site: in English, with a link to each language. */
  String unknownLanguage() {
    Text t = layout.messages().english();
    String title = t.get("error.language.title");
    StringBuilder out = new StringBuilder(1024);
    out.append("<h1>").append(Html.escape(title)).append("</h1>\n<p>").append(t.h("error.language"))
        .append("</p>\n<ul class=\"languages\">\n");
    for (Language l : layout.messages().languages()) {
      out.append("<li>").append(Layout.languageLink(l, "")).append("</li>\n");
    }
    out.append("</ul>\n");
    return layout.page(t, title, "", out);
  }
}

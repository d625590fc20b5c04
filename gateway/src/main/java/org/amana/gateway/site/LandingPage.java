package org.amana.gateway.site;

/** What this service is and is not, how to stay safe, what a receipt is; the two ways in. */
final class LandingPage {
  private final Layout layout;

  LandingPage(Layout layout) {
    this.layout = layout;
  }

  String render(Text t) {
    String lang = Html.escape(t.language().code());
    StringBuilder out = new StringBuilder(8192);
    out.append("<h1>").append(t.h("landing.title")).append("</h1>\n<p class=\"lead\">").append(t.h("landing.intro"))
        .append("</p>\n");
    actions(out, t, lang);
    section(out, t, "landing.is", 3);
    section(out, t, "landing.isnot", 3);
    out.append("<h2>").append(t.h("landing.who.heading")).append("</h2>\n<p>").append(t.h("landing.who.text"))
        .append("</p>\n");
    out.append("<h2>").append(t.h("landing.safe.heading")).append("</h2>\n<ul>\n");
    for (String item : new String[] {"tor", "safest", "device", "files"}) {
      out.append("<li>").append(t.h("landing.safe." + item)).append("</li>\n");
    }
    out.append("</ul>\n<h2>").append(t.h("landing.receipt.heading")).append("</h2>\n<ul>\n");
    for (String item : new String[] {"what", "keep", "ask"}) {
      out.append("<li>").append(t.h("landing.receipt." + item)).append("</li>\n");
    }
    out.append("</ul>\n");
    actions(out, t, lang);
    return layout.page(t, t.get("landing.title"), "", out);
  }

  private static void section(StringBuilder out, Text t, String prefix, int items) {
    out.append("<h2>").append(t.h(prefix + ".heading")).append("</h2>\n<ul>\n");
    for (int i = 1; i <= items; i++) out.append("<li>").append(t.h(prefix + "." + i)).append("</li>\n");
    out.append("</ul>\n");
  }

  private static void actions(StringBuilder out, Text t, String lang) {
    out.append("<p class=\"actions\"><a class=\"button\" href=\"/").append(lang).append("/submit\">")
        .append(t.h("landing.action.submit")).append("</a> <a class=\"button\" href=\"/").append(lang)
        .append("/check-in\">").append(t.h("landing.action.checkin")).append("</a></p>\n");
  }
}

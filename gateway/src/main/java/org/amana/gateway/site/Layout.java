package org.amana.gateway.site;

/**
 * The frame of every page: language and direction on {@code <html>}, the stylesheet (the only
 * other resource, from this site), links to the same page in every other language, the footer.
 */
final class Layout {
  private final Messages messages;

  Layout(Messages messages) {
    this.messages = messages;
  }

  Messages messages() {
    return messages;
  }

  /**
   * @param title the page's own title, already a message (not escaped yet)
   * @param switchPath the path after {@code /<lang>/} that the language links lead to
   * @param main the page's content, HTML
   */
  String page(Text t, String title, String switchPath, CharSequence main) {
    Language l = t.language();
    StringBuilder out = new StringBuilder(main.length() + 2048);
    out.append("<!doctype html>\n<html lang=\"").append(Html.escape(l.code())).append("\" dir=\"")
        .append(Html.escape(l.dir())).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<title>").append(t.h("page.title", title)).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"/static/site.css\">\n</head>\n<body>\n<header>\n")
        .append("<a class=\"site\" href=\"/").append(Html.escape(l.code())).append("/\">")
        .append(t.h("site.name")).append("</a>\n")
        .append("<nav class=\"languages\" aria-label=\"").append(t.h("nav.languages")).append("\">");
    for (Language other : messages.others(l)) {
      out.append(' ').append(languageLink(other, switchPath));
    }
    out.append("</nav>\n</header>\n<main>\n").append(main).append("</main>\n<footer>\n<p>")
        .append(t.h("footer.traces")).append("</p>\n</footer>\n</body>\n</html>\n");
    return out.toString();
  }

  /** A link to {@code /<code>/<switchPath>}, named in that language and marked as such. */
  static String languageLink(Language l, String switchPath) {
    String code = Html.escape(l.code());
    return "<a href=\"/" + code + "/" + Html.escape(switchPath) + "\" lang=\"" + code + "\" hreflang=\"" + code
        + "\" dir=\"" + Html.escape(l.dir()) + "\">" + Html.escape(l.name()) + "</a>";
  }
}

package org.amana.gateway.site;

/**
 * Form controls, each with its {@code <label for>} and, where there is one, a hint tied to it by
 * {@code aria-describedby}. Names and values here are constants of the site; labels and hints are
 * messages, escaped.
 */
final class Forms {
  private Forms() {}

  /** A radio button or checkbox with its label and one sentence of explanation. */
  static void choice(StringBuilder out, Text t, String type, String name, String value, String id, boolean checked,
      String messageKey) {
    out.append("<div class=\"choice\">\n<input type=\"").append(type).append("\" id=\"").append(id)
        .append("\" name=\"").append(name).append("\" value=\"").append(value).append('"')
        .append(checked ? " checked" : "").append(" aria-describedby=\"").append(id).append("-hint\">\n")
        .append("<label for=\"").append(id).append("\">").append(t.h(messageKey + ".label")).append("</label>\n")
        .append("<p class=\"hint\" id=\"").append(id).append("-hint\">").append(t.h(messageKey + ".hint"))
        .append("</p>\n</div>\n");
  }

  static void radio(StringBuilder out, Text t, String name, String value, boolean checked) {
    choice(out, t, "radio", name, value, name + "-" + value, checked, name + "." + value);
  }

  /** Consent checkboxes start unchecked: nothing beyond the confidential record without a yes. */
  static void checkbox(StringBuilder out, Text t, String name) {
    choice(out, t, "checkbox", name, "on", name, false, name);
  }

  static void label(StringBuilder out, Text t, String id, String key) {
    out.append("<label for=\"").append(id).append("\">").append(t.h(key)).append("</label>\n");
  }

  static void hint(StringBuilder out, String id, String escapedText) {
    out.append("<p class=\"hint\" id=\"").append(id).append("-hint\">").append(escapedText).append("</p>\n");
  }

  static void textarea(StringBuilder out, String id, String name, int maxChars, int rows) {
    out.append("<textarea id=\"").append(id).append("\" name=\"").append(name).append("\" rows=\"").append(rows)
        .append("\" maxlength=\"").append(maxChars).append("\" dir=\"auto\" aria-describedby=\"").append(id)
        .append("-hint\"></textarea>\n");
  }

  static void files(StringBuilder out, String id) {
    out.append("<input type=\"file\" id=\"").append(id).append("\" name=\"files\" multiple aria-describedby=\"")
        .append(id).append("-hint\">\n");
  }

  static void submit(StringBuilder out, Text t, String key) {
    out.append("<p><button type=\"submit\">").append(t.h(key)).append("</button></p>\n");
  }
}

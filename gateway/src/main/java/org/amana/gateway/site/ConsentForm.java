package org.amana.gateway.site;

import org.amana.crypto.format.Consent;

/**
 * The consent questions, shared by the submission form (most protective answers preselected) and
 * the check-in's change form (the answers on record preselected). Field names are the contract
 * that {@code Manifest.consent} reads: {@code contact}, {@code contact_channel}, {@code use_un},
 * {@code use_partners}, {@code use_public}, {@code use_legal}, {@code naming}, {@code lapse}
 * (and {@code lapse_keep}, the day on record, when "keep" is offered).
 */
final class ConsentForm {
  private ConsentForm() {}

  static void questions(StringBuilder out, Text t, Consent c, int maxFieldChars) {
    contact(out, t, c, maxFieldChars);
    uses(out, t, c);
    out.append("<fieldset>\n<legend>").append(t.h("naming.legend")).append("</legend>\n");
    for (Consent.Naming n : Consent.Naming.values()) Forms.radio(out, t, "naming", Consent.name(n), c.naming() == n);
    out.append("</fieldset>\n");
    lapse(out, t, c);
  }

  private static void contact(StringBuilder out, Text t, Consent c, int maxFieldChars) {
    out.append("<fieldset>\n<legend>").append(t.h("contact.legend")).append("</legend>\n");
    for (Consent.Contact k : Consent.Contact.values()) Forms.radio(out, t, "contact", Consent.name(k), c.contact() == k);
    out.append("<div class=\"field\">\n");
    Forms.label(out, t, "contact_channel", "contact_channel.label");
    Forms.hint(out, "contact_channel", t.h("contact_channel.hint"));
    out.append("<p class=\"warning\" id=\"contact_channel-warning\">").append(t.h("contact_channel.warning"))
        .append("</p>\n<input type=\"text\" id=\"contact_channel\" name=\"contact_channel\" maxlength=\"")
        .append(Math.min(maxFieldChars, Consent.MAX_CHANNEL)).append("\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" ")
        .append("dir=\"auto\" aria-describedby=\"contact_channel-hint contact_channel-warning\"")
        .append(c.channel() == null || c.channel().isEmpty() ? "" : " value=\"" + Html.escape(c.channel()) + "\"").append(">\n</div>\n")
        .append("</fieldset>\n");
  }

  private static void uses(StringBuilder out, Text t, Consent c) {
    out.append("<fieldset>\n<legend>").append(t.h("use.legend")).append("</legend>\n<p>").append(t.h("use.intro"))
        .append("</p>\n");
    for (Consent.Use u : Consent.Use.values()) {
      if (u == Consent.Use.RECORD) continue; // always given: said in words above the questions
      String name = "use_" + Consent.name(u);
      Forms.choice(out, t, "checkbox", name, "on", name, c.allows(u), name);
    }
    out.append("</fieldset>\n");
  }

  /** Optional: a day after which consent lapses unless renewed. No end date is preselected (see docs/consent.md). */
  private static void lapse(StringBuilder out, Text t, Consent c) {
    out.append("<fieldset>\n<legend>").append(t.h("lapse.legend")).append("</legend>\n<p>").append(t.h("lapse.intro"))
        .append("</p>\n");
    if (c.lapsesOn() != null) {
      out.append("<input type=\"hidden\" name=\"lapse_keep\" value=\"").append(c.lapsesOn()).append("\">\n");
      out.append("<div class=\"choice\">\n<input type=\"radio\" id=\"lapse-keep\" name=\"lapse\" value=\"keep\" checked>\n")
          .append("<label for=\"lapse-keep\">").append(t.h("lapse.keep.label", "\u2068" + c.lapsesOn() + "\u2069"))
          .append("</label>\n</div>\n");
    }
    Forms.radio(out, t, "lapse", "none", c.lapsesOn() == null);
    Forms.radio(out, t, "lapse", "6m", false);
    Forms.radio(out, t, "lapse", "1y", false);
    out.append("</fieldset>\n");
  }

  /** The consent on record in words: one line per answer. */
  static void summary(StringBuilder out, Text t, Consent c) {
    out.append("<ul class=\"consent\">\n<li>").append(t.h("contact." + Consent.name(c.contact()) + ".label"));
    if (c.channel() != null && !c.channel().isEmpty()) out.append(" <bdi>").append(Html.escape(c.channel())).append("</bdi>");
    out.append("</li>\n<li>").append(t.h("consent.record")).append("</li>\n");
    boolean any = false;
    for (Consent.Use u : Consent.Use.values()) {
      if (u == Consent.Use.RECORD || !c.allows(u)) continue;
      out.append("<li>").append(t.h("use_" + Consent.name(u) + ".label")).append("</li>\n");
      any = true;
    }
    if (!any) out.append("<li>").append(t.h("consent.no_other_use")).append("</li>\n");
    out.append("<li>").append(t.h("naming.legend")).append(' ').append(t.h("naming." + Consent.name(c.naming()) + ".label"))
        .append("</li>\n<li>").append(t.h("metadata." + Consent.name(c.metadata()) + ".label")).append("</li>\n<li>")
        .append(c.lapsesOn() == null ? t.h("consent.no_lapse") : t.h("consent.lapses", "\u2068" + c.lapsesOn() + "\u2069"))
        .append("</li>\n</ul>\n");
  }
}

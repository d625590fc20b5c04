package org.amana.console;

import java.time.LocalDate;
import java.util.Locale;
import org.amana.crypto.format.Consent;

/**
 * The enforcement rules, in one place, as a reviewer reads them (docs/consent.md):
 * <ol>
 *   <li>A consent that cannot be read allows nothing beyond reading (it could be a withdrawal).
 *   <li>Withdrawn: nothing beyond reading, at once.
 *   <li>Lapsed (the day after its end date has come): as withdrawn, until the defender renews it.
 *   <li>Otherwise the purpose must be among the uses given: a record-keeping export needs only
 *       that consent stands; raising with the UN needs "un"; publishing needs "public"; contact
 *       needs the answer "channel" with a channel named (replies go through 'reply').
 * </ol>
 * There is no override: a reviewer who needs more asks the defender ('consent request').
 */
final class Enforcement {
  private Enforcement() {}

  /** What an action needs. */
  enum Purpose {
    RECORD(Consent.Use.RECORD, null), UN(Consent.Use.UN, "un"), PARTNERS(Consent.Use.PARTNERS, "partners"),
    PUBLIC(Consent.Use.PUBLIC, "public"), LEGAL(Consent.Use.LEGAL, "legal"), CONTACT(null, null);

    final Consent.Use use;
    /** The request action that asks for it, or null. */
    final String request;

    Purpose(Consent.Use use, String request) {
      this.use = use;
      this.request = request;
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Purpose parse(String s) {
      for (Purpose p : values()) if (p != CONTACT && p.word().equals(s)) return p;
      throw Exit.fail(Exit.USAGE, "--for takes one of: record, un, partners, public, legal.");
    }
  }

  /** Why an action is refused: a short code for the log, and the sentence for the reviewer. */
  record Refusal(String code, String reason) {}

  /** Null when {@code record}'s current consent allows {@code p} on {@code today}; else why not. */
  static Refusal check(ConsentRecord record, Purpose p, LocalDate today) {
    if (record.unreadable != null) {
      return new Refusal("unreadable", "the defender's current consent cannot be established: " + record.unreadable
          + ". If this persists, report it.");
    }
    Consent c = record.current();
    if (c == null) {
      return new Refusal("withdrawn", "the defender withdrew consent on " + record.since() + ": nothing beyond reading is allowed.");
    }
    if (c.lapsed(today)) {
      return new Refusal("lapsed", "the defender's consent ended after " + c.lapsesOn() + " and was not renewed: nothing beyond "
          + "reading is allowed until they renew it at a check-in (ask with 'consent request').");
    }
    if (p == Purpose.CONTACT) {
      return switch (c.contact()) {
        case NONE -> new Refusal("no_contact", "the defender asked not to be contacted in any way.");
        case REPLIES -> new Refusal("replies_only", "the defender allows contact only through replies on the site: use 'reply "
            + record.id + "', which they read at their next check-in.");
        case CHANNEL -> c.channel().isBlank() ? new Refusal("no_channel", "the defender chose another channel but named none: "
            + "use 'reply " + record.id + "' to ask how to reach them.") : null;
      };
    }
    if (!c.allows(p.use)) {
      return new Refusal("not_consented", "the defender has not consented to use " + p.word() + " (consent on record since "
          + record.since() + ": " + c.summary() + "). Ask with 'amana-console consent request " + record.id + " --action "
          + p.request + "'.");
    }
    return null;
  }
}

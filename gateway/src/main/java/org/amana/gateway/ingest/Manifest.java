package org.amana.gateway.ingest;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import org.amana.crypto.format.Consent;
import java.util.List;
import java.util.Locale;

/**
 * The sealed manifest of one submission (format {@code amana-manifest/3}): the report, the
 * defender's consent answers, per-file facts and the precise time of receipt. It is sealed with
 * the files; nothing in it ever reaches the database in clear.
 *
 * <p>Version 2 adds, per file, the size and SHA-256 of the bytes as stored (after metadata
 * removal) and a {@code metadata} object: {@code status} (removed, none found, kept, not removed),
 * the {@code removed} categories (never their values) and, when not removed, the {@code problem}.
 * Version 1 had {@code "metadata": "not removed"} and equal received and stored hashes. Version 3
 * writes the consent in its own versioned encoding ({@link Consent}, docs/consent.md); versions 1
 * and 2 carried the same answers without a version, and {@link Consent#parse} still reads them.
 */
public final class Manifest {
  static final String FORMAT = "amana-manifest/3";

  private Manifest() {}

  /**
   * The consent answers, read from a form (the submission form, or the check-in's change form);
   * anything missing or unexpected falls back to the most protective answer.
   */
  public static Consent consent(MultiMap form, LocalDate today) {
    Consent.Contact contact = oneOf(Consent.Contact.class, form.get("contact"), Consent.Contact.NONE);
    EnumSet<Consent.Use> uses = EnumSet.of(Consent.Use.RECORD);
    for (Consent.Use u : Consent.Use.values()) if ("on".equals(form.get("use_" + Consent.name(u)))) uses.add(u);
    String channel = contact == Consent.Contact.CHANNEL ? limit(form.get("contact_channel")) : null;
    return new Consent(contact, channel, uses, oneOf(Consent.Naming.class, form.get("naming"), Consent.Naming.NEVER),
        oneOf(Consent.Metadata.class, form.get("metadata"), Consent.Metadata.REMOVE), lapse(form.get("lapse"), form.get("lapse_keep"), today));
  }

  /** The lapse answer: none, 6m or 1y from today, or "keep" the day already on record; anything else is none. */
  static LocalDate lapse(String answer, String kept, LocalDate today) {
    if ("6m".equals(answer)) return today.plusMonths(6);
    if ("1y".equals(answer)) return today.plusYears(1);
    if ("keep".equals(answer) && kept != null) {
      try {
        return LocalDate.parse(kept);
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  static JsonObject build(Instant receivedAt, String report, Consent consent, List<FileIngest.Facts> files, String follows) {
    JsonArray list = new JsonArray();
    for (FileIngest.Facts f : files) {
      list.add(new JsonObject()
          .put("ordinal", f.ordinal())
          .put("name", f.name())
          .put("detectedType", f.detectedType())
          .put("size", f.size())
          .put("sha256Received", f.sha256Received())
          .put("storedSize", f.storedSize())
          .put("sha256Stored", f.sha256Stored())
          .put("sealedSha256", f.sealedSha256())
          .put("metadata", metadata(f.metadata())));
    }
    JsonObject m = new JsonObject()
        .put("format", FORMAT)
        .put("receivedAt", receivedAt.toString())
        .put("report", report)
        .put("consent", new JsonObject(consent.toJson()))
        .put("files", list);
    if (follows != null) m.put("follows", follows);
    return m;
  }

  static JsonObject metadata(MetadataOutcome m) {
    JsonObject o = new JsonObject().put("status", m.status().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    JsonArray removed = new JsonArray();
    m.removed().stream().sorted().forEach(c -> removed.add(c.name().toLowerCase(Locale.ROOT)));
    o.put("removed", removed);
    if (m.problem() != null) o.put("problem", m.problem().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    return o;
  }

  private static <E extends Enum<E>> E oneOf(Class<E> type, String value, E fallback) {
    try {
      return value == null ? fallback : Consent.value(type, value);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  /** The form's field limit is checked earlier; this one keeps the record within its own. */
  private static String limit(String s) {
    String v = s == null ? "" : s.strip();
    return v.length() > Consent.MAX_CHANNEL ? v.substring(0, Consent.MAX_CHANNEL) : v;
  }
}

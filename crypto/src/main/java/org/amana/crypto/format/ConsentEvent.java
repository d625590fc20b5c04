package org.amana.crypto.format;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A change of consent, as the defender made it at a check-in (or as given with the submission):
 * the consent in force from that day on ({@code null} once withdrawn), why it changed, and, for an
 * answer to a reviewer's request, the request's id and the answer. Sealed to the reviewers (and to
 * the defender's reply key, so the check-in page can show it); the gateway never keeps it readable.
 *
 * <p>Encoding: {@code {"format":"amana-consent-event/1","reason":…,"day":"YYYY-MM-DD",
 * ["request":ID,"granted":BOOL,] "consent":{…}|null}} (docs/consent.md).
 */
public record ConsentEvent(Reason reason, LocalDate day, Consent consent, String request, Boolean granted) {
  public static final String FORMAT = "amana-consent-event/1";
  static final Pattern REQUEST_ID = Pattern.compile("[0-9a-f]{16}");

  /** Why consent changed. */
  public enum Reason {
    /** With the submission (a copy of the manifest's consent, readable at check-in). */
    GIVEN,
    /** The defender changed their answers (or gave consent again after withdrawing it). */
    CHANGED,
    /** The defender withdrew consent: nothing beyond reading, from this day on. */
    WITHDRAWN,
    /** The defender answered a reviewer's request. */
    ANSWERED
  }

  public ConsentEvent {
    if (reason == null || day == null) throw new FormatException("consent event incomplete");
    // Consent is absent after a withdrawal, and after a "no" given while it stays withdrawn.
    if (reason == Reason.WITHDRAWN ? consent != null : consent == null && !(reason == Reason.ANSWERED && Boolean.FALSE.equals(granted))) {
      throw new FormatException("a consent event carries consent unless it withdraws it");
    }
    if ((reason == Reason.ANSWERED) != (request != null) || (request != null) != (granted != null)) {
      throw new FormatException("a request id and an answer go with reason 'answered' only");
    }
    if (request != null && !REQUEST_ID.matcher(request).matches()) throw new FormatException("request id must be 16 hex digits");
  }

  public static ConsentEvent given(LocalDate day, Consent c) {
    return new ConsentEvent(Reason.GIVEN, day, c, null, null);
  }

  public static ConsentEvent changed(LocalDate day, Consent c) {
    return new ConsentEvent(Reason.CHANGED, day, c, null, null);
  }

  public static ConsentEvent withdrawn(LocalDate day) {
    return new ConsentEvent(Reason.WITHDRAWN, day, null, null, null);
  }

  /**
   * The defender's answer to {@code r}, given the consent in force ({@code null} if withdrawn):
   * yes grants the one thing asked (consent given again if it was withdrawn, everything else as
   * protective as can be); no leaves the consent as it was, recorded as an answer.
   */
  public static ConsentEvent answer(LocalDate day, Consent current, ConsentRequest r, boolean yes) {
    if (!yes) return new ConsentEvent(Reason.ANSWERED, day, current, r.id(), false); // a no changes nothing
    Consent base = current == null ? Consent.mostProtective() : current;
    return new ConsentEvent(Reason.ANSWERED, day, r.action().grant(base), r.id(), true);
  }

  public String toJson() {
    StringBuilder b = new StringBuilder(400).append("{\"format\":").append(Json.quote(FORMAT))
        .append(",\"reason\":").append(Json.quote(Consent.name(reason))).append(",\"day\":").append(Json.quote(day.toString()));
    if (request != null) b.append(",\"request\":").append(Json.quote(request)).append(",\"granted\":").append(granted);
    return b.append(",\"consent\":").append(consent == null ? "null" : consent.toJson()).append('}').toString();
  }

  public static ConsentEvent parse(String json) {
    Map<String, Object> o = Json.object(json);
    for (String key : o.keySet()) {
      if (!Set.of("format", "reason", "day", "request", "granted", "consent").contains(key)) throw new FormatException("unknown key " + key);
    }
    if (!FORMAT.equals(Json.string(o, "format"))) throw new FormatException("not a consent event of a format this software knows");
    Reason reason = Consent.value(Reason.class, Json.string(o, "reason"));
    LocalDate day = Consent.day(Json.string(o, "day"), "day");
    Consent consent = o.get("consent") == Json.NULL ? null : Consent.fromMap(Json.object(o, "consent"));
    if (consent != null && !Long.valueOf(Consent.VERSION).equals(Json.object(o, "consent").get("version"))) {
      throw new FormatException("a consent event's consent carries its version");
    }
    String request = Json.optionalString(o, "request");
    Boolean granted = o.containsKey("granted") ? Json.bool(o, "granted") : null;
    return new ConsentEvent(reason, day, consent, request, granted);
  }

  /**
   * The consent in force after {@code events}, in order, starting from {@code initial} (the
   * manifest's): the consent of the last event, or {@code null} when the last event withdrew it.
   */
  public static Consent current(Consent initial, List<ConsentEvent> events) {
    Consent c = initial;
    for (ConsentEvent e : events) c = e.consent;
    return c;
  }
}

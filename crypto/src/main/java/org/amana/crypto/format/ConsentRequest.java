package org.amana.crypto.format;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * A reviewer's question to the defender: may we do this one more thing? Sealed to the defender's
 * reply key only (like a reply), so the gateway cannot read it; the defender answers yes or no at
 * the next check-in, and the answer is a {@link ConsentEvent} that names this request's id.
 *
 * <p>Encoding: {@code {"format":"amana-consent-request/1","id":16 hex,"action":…,"day":"YYYY-MM-DD","text":…}}.
 */
public record ConsentRequest(String id, Action action, LocalDate day, String text) {
  public static final String FORMAT = "amana-consent-request/1";
  /** The reviewer's explanation: long enough to say why, short enough to read on a phone. */
  public static final int MAX_TEXT = 4000;

  /** What a request asks for: one use, or permission to name the defender. */
  public enum Action {
    UN(Consent.Use.UN), PARTNERS(Consent.Use.PARTNERS), PUBLIC(Consent.Use.PUBLIC), LEGAL(Consent.Use.LEGAL), NAME(null);

    private final Consent.Use use;

    Action(Consent.Use use) {
      this.use = use;
    }

    /** {@code c} with this one thing allowed, and nothing else changed. */
    public Consent grant(Consent c) {
      return use == null ? c.withNaming(Consent.Naming.ALLOWED) : c.withUse(use, true);
    }

    /** Whether {@code c} already allows it. */
    public boolean allowedBy(Consent c) {
      return use == null ? c.naming() == Consent.Naming.ALLOWED : c.allows(use);
    }
  }

  public ConsentRequest {
    if (id == null || !ConsentEvent.REQUEST_ID.matcher(id).matches()) throw new FormatException("request id must be 16 hex digits");
    if (action == null || day == null || text == null) throw new FormatException("request incomplete");
    if (text.length() > MAX_TEXT) throw new FormatException("request text longer than " + MAX_TEXT);
  }

  /** A new request with a random id. */
  public static ConsentRequest create(Action action, LocalDate day, String text, SecureRandom random) {
    byte[] id = new byte[8];
    random.nextBytes(id);
    return new ConsentRequest(HexFormat.of().formatHex(id), action, day, text);
  }

  public String toJson() {
    return "{\"format\":" + Json.quote(FORMAT) + ",\"id\":" + Json.quote(id) + ",\"action\":" + Json.quote(Consent.name(action))
        + ",\"day\":" + Json.quote(day.toString()) + ",\"text\":" + Json.quote(text) + "}";
  }

  public static ConsentRequest parse(String json) {
    Map<String, Object> o = Json.object(json);
    if (!Set.of("format", "id", "action", "day", "text").containsAll(o.keySet())) throw new FormatException("unknown key in a request");
    if (!FORMAT.equals(Json.string(o, "format"))) throw new FormatException("not a consent request of a format this software knows");
    return new ConsentRequest(Json.string(o, "id"), Consent.value(Action.class, Json.string(o, "action")),
        Consent.day(Json.string(o, "day"), "day"), Json.string(o, "text"));
  }
}

package org.amana.crypto.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.amana.crypto.format.Consent.Contact;
import org.amana.crypto.format.Consent.Metadata;
import org.amana.crypto.format.Consent.Naming;
import org.amana.crypto.format.Consent.Use;
import org.junit.jupiter.api.Test;

class ConsentTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
  private static final Consent FULL = new Consent(Contact.CHANNEL, "Signal \"+1 555\"\n\u202e\u0000",
      EnumSet.of(Use.UN, Use.LEGAL), Naming.ASK, Metadata.KEEP, LocalDate.of(2027, 5, 1));

  @Test
  void toJson_parse_roundTripsAndIsCanonical() {
    for (Consent c : List.of(FULL, Consent.mostProtective())) {
      String json = c.toJson();
      assertEquals(c, Consent.parse(json));
      assertEquals(json, Consent.parse(json).toJson());
    }
    assertEquals("{\"version\":1,\"contact\":\"none\",\"uses\":{\"record\":true,\"un\":false,\"partners\":false,\"public\":false,"
        + "\"legal\":false},\"naming\":\"never\",\"metadata\":\"remove\"}", Consent.mostProtective().toJson());
  }

  @Test
  void parse_manifestVersion0_readWithoutVersionAndLapse() {
    // As amana-manifest/2 wrote it (Vert.x's order, a channel that is empty).
    Consent c = Consent.parse("{\"contact\":\"channel\",\"uses\":{\"record\":true,\"un\":true,\"partners\":false,"
        + "\"public\":false,\"legal\":false},\"naming\":\"ask\",\"metadata\":\"remove\",\"contactChannel\":\"\"}");
    assertEquals(Contact.CHANNEL, c.contact());
    assertEquals("", c.channel());
    assertEquals(EnumSet.of(Use.RECORD, Use.UN), c.uses());
    assertNull(c.lapsesOn());
    // amana-manifest/1 as the earliest gateway wrote it: no metadata answer.
    Consent v1 = Consent.parse("{\"contact\":\"replies\",\"uses\":{\"record\":true,\"public\":true},\"naming\":\"never\"}");
    assertEquals(Metadata.REMOVE, v1.metadata());
    assertTrue(v1.allows(Use.PUBLIC));
  }

  @Test
  void parse_malformedOrOverLimits_refused() {
    String[] bad = {"", "[]", "{", "{\"version\":2}", "{\"version\":1,\"contact\":\"none\"}",
        FULL.toJson().replace("\"keep\"", "\"maybe\""), FULL.toJson() + "x", FULL.toJson().replace("\"naming\"", "\"naming\":\"never\",\"naming\""),
        Consent.mostProtective().toJson().replace("\"record\":true", "\"record\":false"),
        Consent.mostProtective().toJson().replace("}}", "}").replace(",\"legal\":false", ""),
        "{\"contact\":\"none\",\"extra\":1}", "{\"contact\":1.5}", "{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}",
        "{\"contact\":\"channel\",\"contactChannel\":\"" + "x".repeat(Consent.MAX_CHANNEL + 1) + "\"}",
        "{\"contact\":\"" + "x".repeat(Json.MAX_CHARS) + "\"}", FULL.toJson().replace("2027-05-01", "2027-5-1"),
        // not canonical: a \\u escape that is not four hex digits, an unpaired surrogate, a leading zero
        "{\"contact\":\"channel\",\"contactChannel\":\"\\u+041\"}", "{\"contact\":\"channel\",\"contactChannel\":\"\\ud800\"}",
        FULL.toJson().replace("\"version\":1", "\"version\":01")};
    for (String s : bad) assertThrows(FormatException.class, () -> Consent.parse(s), s.length() > 200 ? s.substring(0, 200) : s);
  }

  @Test
  void lapsed_afterTheDayOnly() {
    assertFalse(FULL.lapsed(LocalDate.of(2027, 5, 1)));
    assertTrue(FULL.lapsed(LocalDate.of(2027, 5, 2)));
    assertFalse(Consent.mostProtective().lapsed(LocalDate.MAX));
  }

  @Test
  void events_roundTripAndCurrentFollowsTheLast() {
    ConsentRequest r = ConsentRequest.create(ConsentRequest.Action.PUBLIC, DAY, "May we publish?\nوشكرا", new SecureRandom());
    assertEquals(r, ConsentRequest.parse(r.toJson()));
    ConsentEvent given = ConsentEvent.given(DAY, Consent.mostProtective());
    ConsentEvent yes = ConsentEvent.answer(DAY, Consent.mostProtective(), r, true);
    ConsentEvent gone = ConsentEvent.withdrawn(DAY.plusDays(1));
    ConsentEvent no = ConsentEvent.answer(DAY.plusDays(2), null, r, false);
    for (ConsentEvent e : List.of(given, yes, gone, no)) assertEquals(e, ConsentEvent.parse(e.toJson()));
    assertTrue(yes.consent().allows(Use.PUBLIC));
    assertEquals(yes.consent(), ConsentEvent.current(FULL, List.of(given, yes)));
    assertNull(ConsentEvent.current(FULL, List.of(given, yes, gone)));
    assertNull(ConsentEvent.current(FULL, List.of(given, yes, gone, no)), "a no leaves consent withdrawn");
    Consent renewed = ConsentEvent.answer(DAY, null, r, true).consent();
    assertEquals(EnumSet.of(Use.RECORD, Use.PUBLIC), renewed.uses(), "a yes after withdrawal grants only what was asked");
    assertEquals(FULL, ConsentEvent.current(FULL, List.of()));
  }

  @Test
  void events_inconsistentOrUnknown_refused() {
    String[] bad = {ConsentEvent.withdrawn(DAY).toJson().replace("null", Consent.mostProtective().toJson()),
        ConsentEvent.changed(DAY, Consent.mostProtective()).toJson().replace("\"version\":1,", ""),
        ConsentEvent.changed(DAY, FULL).toJson().replace("amana-consent-event/1", "amana-consent-event/9"),
        "{\"format\":\"amana-consent-event/1\",\"reason\":\"answered\",\"day\":\"2026-11-22\",\"consent\":null}",
        "{\"format\":\"amana-consent-request/1\",\"id\":\"../../x\",\"action\":\"public\",\"day\":\"2026-11-22\",\"text\":\"\"}"};
    assertThrows(FormatException.class, () -> ConsentEvent.parse(bad[0]));
    assertThrows(FormatException.class, () -> ConsentEvent.parse(bad[1]));
    assertThrows(FormatException.class, () -> ConsentEvent.parse(bad[2]));
    assertThrows(FormatException.class, () -> ConsentEvent.parse(bad[3]));
    assertThrows(FormatException.class, () -> ConsentRequest.parse(bad[4]));
  }
}

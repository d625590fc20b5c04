package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.amana.console.Enforcement.Purpose;
import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentEvent;
import org.junit.jupiter.api.Test;

class EnforcementTest {
  private static final String ID = "0f0e0d0c-0b0a-4908-8706-050403020100";
  private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
  private static final Consent UN_REPLIES = new Consent(Consent.Contact.REPLIES, null, EnumSet.of(Consent.Use.UN),
      Consent.Naming.NEVER, Consent.Metadata.REMOVE, DAY.plusDays(10));

  private static ConsentRecord record(Consent initial, ConsentEvent... events) {
    List<ConsentRecord.Event> list = new java.util.ArrayList<>();
    for (int i = 0; i < events.length; i++) list.add(new ConsentRecord.Event(i + 1, events[i]));
    return ConsentRecord.of(ID, initial, DAY, list, null);
  }

  private static String code(ConsentRecord r, Purpose p, LocalDate today) {
    Enforcement.Refusal refusal = Enforcement.check(r, p, today);
    return refusal == null ? null : refusal.code();
  }

  @Test
  void check_usesGiven_allowedAndOthersRefusedWithTheRequestToSend() {
    ConsentRecord r = record(UN_REPLIES);
    assertNull(code(r, Purpose.RECORD, DAY));
    assertNull(code(r, Purpose.UN, DAY));
    Enforcement.Refusal pub = Enforcement.check(r, Purpose.PUBLIC, DAY);
    assertEquals("not_consented", pub.code());
    assertEquals(true, pub.reason().contains("consent request " + ID + " --action public"), pub.reason());
    assertEquals("replies_only", code(r, Purpose.CONTACT, DAY));
    assertEquals("no_contact", code(record(Consent.mostProtective()), Purpose.CONTACT, DAY));
    Consent channel = new Consent(Consent.Contact.CHANNEL, " ", EnumSet.noneOf(Consent.Use.class), Consent.Naming.NEVER,
        Consent.Metadata.REMOVE, null);
    assertEquals("no_channel", code(record(channel), Purpose.CONTACT, DAY));
  }

  @Test
  void check_withdrawnLapsedOrUnreadable_refusesEvenTheRecordExport() {
    ConsentRecord withdrawn = record(UN_REPLIES, ConsentEvent.withdrawn(DAY.plusDays(1)));
    for (Purpose p : Purpose.values()) assertEquals("withdrawn", code(withdrawn, p, DAY.plusDays(1)), p.name());
    ConsentRecord r = record(UN_REPLIES);
    assertNull(code(r, Purpose.UN, DAY.plusDays(10)), "holds through its last day");
    for (Purpose p : Purpose.values()) assertEquals("lapsed", code(r, p, DAY.plusDays(11)), p.name());
    ConsentRecord renewed = record(UN_REPLIES, ConsentEvent.changed(DAY.plusDays(11), UN_REPLIES.withUse(Consent.Use.UN, true)
        .withNaming(Consent.Naming.NEVER)));
    assertEquals("lapsed", code(renewed, Purpose.UN, DAY.plusDays(11)), "a renewal must move the end date");
    ConsentRecord unknown = ConsentRecord.of(ID, UN_REPLIES, DAY, List.of(), "event 3 could not be opened");
    assertEquals("unreadable", code(unknown, Purpose.RECORD, DAY));
  }
}

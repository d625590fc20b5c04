package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecipientsTest {
  private final SoftwareP256 p256 = SoftwareP256.generate();

  @Test
  void parse_eachKind_dispatchesOnPrefix() {
    Recipient[] all = {
      X25519Identity.generate().recipient(),
      MlKem768X25519Identity.generate().recipient(),
      P256TagRecipient.fromPublicKey(p256.publicKey()),
      MlKem768P256TagIdentity.generateSeed(p256.publicKey()).recipient(),
      PivP256Recipient.fromPublicKey(p256.publicKey()),
    };
    for (Recipient r : all) {
      Recipient parsed = Recipients.parse(r.encoded());
      assertInstanceOf(r.getClass(), parsed);
      assertEquals(r, parsed);
      assertEquals(r.encoded(), parsed.encoded());
    }
  }

  @Test
  void parse_surroundingWhitespace_accepted() {
    Recipient r = P256TagRecipient.fromPublicKey(p256.publicKey());
    assertEquals(r, Recipients.parse("  " + r.encoded() + "\n"));
  }

  @Test
  void parse_unknownKind_listsAcceptedForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Recipients.parse(Bech32.encode("age1se", new byte[33])));
    assertTrue(e.getMessage().contains("age1tag1"), e.getMessage());
    assertTrue(e.getMessage().contains("age1yubikey1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Recipients.parse("ssh-ed25519 AAAA"));
    assertThrows(IllegalArgumentException.class, () -> Recipients.parse(""));
  }

  @Test
  void parse_damagedChecksum_saysSo() {
    String s = P256TagRecipient.fromPublicKey(p256.publicKey()).encoded();
    String damaged = s.substring(0, s.length() - 1) + (s.endsWith("q") ? "p" : "q");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipients.parse(damaged));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void parse_wrongLengthForPrefix_rejected() {
    assertThrows(IllegalArgumentException.class, () -> Recipients.parse(Bech32.encode("age1tag", new byte[32])));
    assertThrows(IllegalArgumentException.class, () -> Recipients.parse(Bech32.encode("age", new byte[33])));
    assertThrows(IllegalArgumentException.class, () -> Recipients.parse(Bech32.encode("age1pq", new byte[1215])));
  }
}

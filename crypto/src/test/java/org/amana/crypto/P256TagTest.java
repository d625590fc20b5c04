package org.amana.crypto;

import static org.amana.crypto.RecipientTesting.FILE_KEY;
import static org.amana.crypto.RecipientTesting.nonCanonical;
import static org.amana.crypto.RecipientTesting.withArg;
import static org.amana.crypto.RecipientTesting.withArgs;
import static org.amana.crypto.RecipientTesting.withBody;
import static org.amana.crypto.RecipientTesting.wrapOne;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.amana.crypto.RecipientTesting.CountingP256;
import org.amana.crypto.RecipientTesting.TestFile;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** p256tag (C2SP age, "The tagged recipient types"), with Bouncy Castle's HPKE and typage as oracles. */
class P256TagTest {
  private static final byte[] INFO = P256TagRecipient.LABEL.getBytes(StandardCharsets.US_ASCII);
  private static final HPKE BC_HPKE = new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);

  private final SoftwareP256 key = SoftwareP256.generate();
  private final P256TagIdentity identity = new P256TagIdentity(key);
  private final Stanza good = wrapOne(identity.recipient());

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65536, 65537})
  void sealOpen_payloadSizes_roundTrip(int size) throws Exception {
    byte[] plaintext = Primitives.random(size);
    byte[] file = RecipientTesting.seal(plaintext, identity.recipient());
    assertArrayEquals(plaintext, RecipientTesting.open(file, identity));
  }

  @Test
  void open_wrongKey_noMatch() throws Exception {
    byte[] file = RecipientTesting.seal(new byte[] {1}, identity.recipient());
    P256TagIdentity other = new P256TagIdentity(SoftwareP256.generate());
    assertThrows(AgeException.NoMatch.class, () -> RecipientTesting.open(file, other));
  }

  @Test
  void unwrap_ownStanza_oneAgreement() throws Exception {
    CountingP256 counting = new CountingP256(key);
    assertArrayEquals(FILE_KEY, new P256TagIdentity(counting).unwrap(good));
    assertEquals(1, counting.agreements.get());
  }

  @Test
  void unwrap_tagMismatch_neverCallsAgree() {
    CountingP256 other = new CountingP256(SoftwareP256.generate());
    assertThrows(AgeException.NotMine.class, () -> new P256TagIdentity(other).unwrap(good));
    assertEquals(0, other.agreements.get());
  }

  @Test
  void unwrap_tamperedBody_notMine() {
    assertThrows(AgeException.NotMine.class, () -> identity.unwrap(withBody(good, RecipientTesting.flipLastByte(good.body()))));
  }

  @Test
  void unwrap_otherType_notMine() {
    assertThrows(AgeException.NotMine.class, () -> identity.unwrap(RecipientTesting.withType(good, "P256TAG")));
    assertThrows(AgeException.NotMine.class, () -> identity.unwrap(RecipientTesting.withType(good, "piv-p256")));
  }

  @Test
  void unwrap_wrongArgumentCount_malformed() {
    String tag = good.args().get(0);
    String enc = good.args().get(1);
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good, tag)));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good, tag, enc, "x")));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good)));
  }

  @Test
  void unwrap_nonCanonicalBase64_malformed() {
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, nonCanonical(good.args().get(0)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, nonCanonical(good.args().get(1)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, good.args().get(1) + "=")));
  }

  @Test
  void unwrap_wrongLengths_malformed() {
    byte[] enc = B64.decode(good.args().get(1));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, B64.encode(new byte[5]))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, B64.encode(new byte[3]))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, B64.encode(Arrays.copyOf(enc, 64)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, B64.encode(Arrays.copyOf(enc, 66)))));
    // A compressed ephemeral key is not what the spec puts in enc.
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, B64.encode(P256.compress(enc)))));
  }

  @Test
  void unwrap_bodyNot32Bytes_malformed() {
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withBody(good, new byte[31])));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withBody(good, new byte[33])));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withBody(good, new byte[0])));
  }

  @Test
  void unwrap_invalidPoint_malformedWithoutAgreement() {
    byte[] bad = RecipientTesting.flipLastByte(B64.decode(good.args().get(1)));
    // Give the bad stanza a matching tag, so only the point check stands between it and the key.
    Stanza s = Tagged.stanza(P256TagRecipient.TYPE, P256TagRecipient.LABEL, bad, identity.recipient().publicKey(), good.body());
    CountingP256 counting = new CountingP256(key);
    assertThrows(AgeException.Malformed.class, () -> new P256TagIdentity(counting).unwrap(s));
    assertEquals(0, counting.agreements.get());
  }

  @Test
  void wrap_twice_tagsAndEncsDiffer() {
    Stanza again = wrapOne(identity.recipient());
    assertFalse(good.args().equals(again.args()));
    assertEquals(6, good.args().get(0).length());
    assertEquals(87, good.args().get(1).length());
  }

  @Test
  void parse_encoded_roundTrip() {
    P256TagRecipient r = identity.recipient();
    assertEquals(r, P256TagRecipient.parse(r.encoded()));
    assertEquals(r, P256TagRecipient.fromPublicKey(P256.uncompress(key.publicKey())));
    assertEquals("age1tag1", r.encoded().substring(0, 8));
  }

  @Test
  void parse_otherKinds_rejected() {
    String yubikey = PivP256Recipient.fromPublicKey(key.publicKey()).encoded();
    assertThrows(IllegalArgumentException.class, () -> P256TagRecipient.parse(yubikey));
    assertThrows(IllegalArgumentException.class, () -> P256TagRecipient.parse(Bech32.encode("age1tag", new byte[33])));
  }

  @Test
  void deriveKeyPair_tagtestSeed_matchesGoConstant() {
    AsymmetricCipherKeyPair kp = BC_HPKE.deriveKeyPair("age-plugin-tagtest".getBytes(StandardCharsets.US_ASCII));
    P256TagRecipient r = P256TagRecipient.fromPublicKey(BC_HPKE.serializePublicKey(kp.getPublic()));
    assertEquals("age1tag1qwe0kafsjrar4txm6heqnhpfuggzr0gvznz7fvygxrlq90u5mq2pysxtw6h", r.encoded());
    try (SoftwareP256 k = SoftwareP256.fromScalar(BC_HPKE.serializePrivateKey(kp.getPrivate()))) {
      assertEquals(r, new P256TagIdentity(k).recipient());
    }
  }

  @Test
  void unwrap_bouncyCastleSealBase_opens() throws Exception {
    AsymmetricCipherKeyPair kp = BC_HPKE.generatePrivateKey();
    byte[] pkRm = BC_HPKE.serializePublicKey(kp.getPublic());
    byte[][] sealed = BC_HPKE.seal(kp.getPublic(), INFO, new byte[0], FILE_KEY, null, null, null);
    byte[] enc = sealed[1];
    Stanza s = Tagged.stanza(P256TagRecipient.TYPE, P256TagRecipient.LABEL, enc, P256.compress(pkRm), sealed[0]);
    try (SoftwareP256 k = SoftwareP256.fromScalar(BC_HPKE.serializePrivateKey(kp.getPrivate()))) {
      assertArrayEquals(FILE_KEY, new P256TagIdentity(k).unwrap(s));
    }
  }

  @Test
  void wrap_openedByBouncyCastle_fileKey() throws Exception {
    AsymmetricCipherKeyPair kp = BC_HPKE.generatePrivateKey();
    P256TagRecipient r = P256TagRecipient.fromPublicKey(BC_HPKE.serializePublicKey(kp.getPublic()));
    Stanza s = wrapOne(r);
    byte[] enc = B64.decode(s.args().get(1));
    assertArrayEquals(FILE_KEY, BC_HPKE.open(enc, kp, INFO, new byte[0], s.body(), null, null, null));
    assertArrayEquals(Tagged.tag(P256TagRecipient.LABEL, enc, r.publicKey()), B64.decode(s.args().get(0)));
  }

  @Test
  void open_typageFile_payloadMatches() throws Exception {
    TestFile f = TestFile.resource("typage_p256tag");
    try (SoftwareP256 k = SoftwareP256.fromScalar(HexFormat.of().parseHex(f.get("p256 scalar")))) {
      P256TagIdentity id = new P256TagIdentity(k);
      assertEquals(f.get("recipient"), id.recipient().encoded());
      byte[] plaintext = RecipientTesting.open(f.body(), id);
      assertEquals(f.get("payload"), HexFormat.of().formatHex(Primitives.sha256(plaintext)));
    }
  }

  @Test
  void open_typageFile_otherKeyNoMatch() throws Exception {
    TestFile f = TestFile.resource("typage_p256tag");
    CountingP256 other = new CountingP256(SoftwareP256.generate());
    assertThrows(AgeException.NoMatch.class, () -> RecipientTesting.open(f.body(), new P256TagIdentity(other)));
    assertEquals(0, other.agreements.get());
  }
}

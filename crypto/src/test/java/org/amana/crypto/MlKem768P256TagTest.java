package org.amana.crypto;

import static org.amana.crypto.RecipientTesting.FILE_KEY;
import static org.amana.crypto.RecipientTesting.nonCanonical;
import static org.amana.crypto.RecipientTesting.withArg;
import static org.amana.crypto.RecipientTesting.withArgs;
import static org.amana.crypto.RecipientTesting.withBody;
import static org.amana.crypto.RecipientTesting.wrapOne;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.amana.crypto.RecipientTesting.CountingP256;
import org.amana.crypto.RecipientTesting.TestFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mlkem768p256tag, against files typage 0.3.1 wrote (CCTV has no vectors for it). */
class MlKem768P256TagTest {
  private final SoftwareP256 key = SoftwareP256.generate();
  private final MlKem768P256TagIdentity identity;
  private final Stanza good;

  MlKem768P256TagTest() {
    try (MlKem768P256TagIdentity.GeneratedSeed g = MlKem768P256TagIdentity.generateSeed(key.publicKey())) {
      identity = new MlKem768P256TagIdentity(key, g.insecureMlkemSeed());
      assertEquals(g.recipient(), identity.recipient());
    }
    good = wrapOne(identity.recipient());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65536, 65537})
  void sealOpen_payloadSizes_roundTrip(int size) throws Exception {
    byte[] plaintext = Primitives.random(size);
    assertArrayEquals(plaintext, RecipientTesting.open(RecipientTesting.seal(plaintext, identity.recipient()), identity));
  }

  @Test
  void open_typageFile_payloadMatches() throws Exception {
    TestFile f = TestFile.resource("typage_mlkem768p256tag");
    HexFormat hex = HexFormat.of();
    try (SoftwareP256 k = SoftwareP256.fromScalar(hex.parseHex(f.get("p256 scalar")));
        MlKem768P256TagIdentity id = new MlKem768P256TagIdentity(k, hex.parseHex(f.get("mlkem seed")))) {
      assertEquals(f.get("recipient"), id.recipient().encoded());
      assertEquals(id.recipient(), MlKem768P256TagRecipient.parse(f.get("recipient")));
      byte[] plaintext = RecipientTesting.open(f.body(), id);
      assertEquals(f.get("payload"), HexFormat.of().formatHex(Primitives.sha256(plaintext)));
    }
  }

  @Test
  void open_typageFile_otherKeyNoMatchWithoutAgreement() throws Exception {
    TestFile f = TestFile.resource("typage_mlkem768p256tag");
    CountingP256 counting = new CountingP256(key);
    MlKem768P256TagIdentity other = new MlKem768P256TagIdentity(counting, new byte[64]);
    assertThrows(AgeException.NoMatch.class, () -> RecipientTesting.open(f.body(), other));
    assertEquals(0, counting.agreements.get());
  }

  @Test
  void open_wrongKey_noMatch() throws Exception {
    byte[] file = RecipientTesting.seal(new byte[] {7}, identity.recipient());
    SoftwareP256 otherKey = SoftwareP256.generate();
    MlKem768P256TagIdentity other = new MlKem768P256TagIdentity(otherKey, Primitives.random(64));
    assertThrows(AgeException.NoMatch.class, () -> RecipientTesting.open(file, other));
  }

  @Test
  void unwrap_sameP256WrongMlkemSeed_notMine() {
    // The tag is over the P-256 key only, so it matches; the ML-KEM half then fails to authenticate.
    CountingP256 counting = new CountingP256(key);
    MlKem768P256TagIdentity wrongSeed = new MlKem768P256TagIdentity(counting, Primitives.random(64));
    assertThrows(AgeException.NotMine.class, () -> wrongSeed.unwrap(good));
    assertEquals(1, counting.agreements.get());
  }

  @Test
  void unwrap_tagMismatch_neverCallsAgree() {
    CountingP256 other = new CountingP256(SoftwareP256.generate());
    assertThrows(AgeException.NotMine.class, () -> new MlKem768P256TagIdentity(other, Primitives.random(64)).unwrap(good));
    assertEquals(0, other.agreements.get());
  }

  @Test
  void unwrap_malformedStanzas_malformed() {
    String tag = good.args().get(0);
    String enc = good.args().get(1);
    byte[] encBytes = B64.decode(enc);
    assertEquals(1153, encBytes.length);
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good, tag)));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good, tag, enc, "x")));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, nonCanonical(tag))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, nonCanonical(enc))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, B64.encode(Arrays.copyOf(encBytes, 1152)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, B64.encode(Arrays.copyOf(encBytes, 1120)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withBody(good, new byte[16])));
  }

  @Test
  void unwrap_invalidP256Point_malformedWithoutAgreement() {
    byte[] bad = RecipientTesting.flipLastByte(B64.decode(good.args().get(1)));
    Stanza s = Tagged.stanza(MlKem768P256TagRecipient.TYPE, MlKem768P256TagRecipient.LABEL, bad, identity.recipient().p256(), good.body());
    CountingP256 counting = new CountingP256(key);
    assertThrows(AgeException.Malformed.class, () -> new MlKem768P256TagIdentity(counting, new byte[64]).unwrap(s));
    assertEquals(0, counting.agreements.get());
  }

  @Test
  void unwrap_tamperedBody_notMine() throws Exception {
    assertThrows(AgeException.NotMine.class, () -> identity.unwrap(withBody(good, RecipientTesting.flipLastByte(good.body()))));
    assertArrayEquals(FILE_KEY, identity.unwrap(good));
  }

  @Test
  void parse_encoded_roundTrip() {
    MlKem768P256TagRecipient r = identity.recipient();
    assertTrue(r.postQuantum());
    assertTrue(r.encoded().startsWith("age1tagpq1"));
    assertEquals(r, MlKem768P256TagRecipient.parse(r.encoded()));
  }

  @Test
  void parse_compressedP256Half_rejected() {
    byte[] data = Bech32.decode(identity.recipient().encoded()).data();
    byte[] compressed = Arrays.copyOf(data, 1184 + 33);
    System.arraycopy(P256.compress(Arrays.copyOfRange(data, 1184, 1249)), 0, compressed, 1184, 33);
    assertThrows(IllegalArgumentException.class, () -> MlKem768P256TagRecipient.parse(Bech32.encode("age1tagpq", compressed)));
  }

  @Test
  void constructor_seedNot64Bytes_rejected() {
    assertThrows(IllegalArgumentException.class, () -> new MlKem768P256TagIdentity(key, new byte[32]));
  }
}

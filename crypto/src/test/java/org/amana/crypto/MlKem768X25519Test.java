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
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.amana.crypto.RecipientTesting.TestFile;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mlkem768x25519 (C2SP age, age v1.3), against the CCTV hybrid vectors and Bouncy Castle's X-Wing HPKE. */
class MlKem768X25519Test {
  private static final byte[] INFO = MlKem768X25519Recipient.LABEL.getBytes(StandardCharsets.US_ASCII);
  private static final HPKE BC_XWING = new HPKE(HPKE.mode_base, HPKE.kem_X_WING, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);

  private final MlKem768X25519Identity identity = MlKem768X25519Identity.generate();
  private final Stanza good = wrapOne(identity.recipient());

  private static TestFile vector(String name) throws IOException {
    Path dir = Path.of(System.getProperty("amana.shared", "../../shared"), "vectors", "age");
    Path p = dir.resolve(name);
    if (!Files.exists(p)) {
      if ("true".equals(System.getenv("CI"))) fail("the age test vectors are missing from " + dir);
      Assumptions.abort("SKIPPED: age test vector " + p + " not found");
    }
    return TestFile.parse(Files.readAllBytes(p));
  }

  private static byte[] openVector(TestFile v) throws IOException {
    List<Identity> ids = Identities.parseFile(String.join("\n", v.keys().get("identity")));
    InputStream in = new ByteArrayInputStream(v.body());
    try (InputStream plain = v.keys().containsKey("armored") ? Age.openArmored(in, ids) : Age.open(in, ids)) {
      return plain.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hybrid", "hybrid_grease", "hybrid_and_x25519", "hybrid_multiple_recipients", "armor_hybrid"})
  void open_cctvSuccessVector_payloadMatches(String name) throws Exception {
    TestFile v = vector(name);
    assertEquals("success", v.get("expect"));
    assertEquals(v.get("payload"), HexFormat.of().formatHex(Primitives.sha256(openVector(v))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hybrid_extra_argument", "hybrid_identity", "hybrid_long_file_key", "hybrid_long_share",
      "hybrid_low_order", "hybrid_not_canonical_body", "hybrid_not_canonical_enc", "hybrid_short_share"})
  void open_cctvHeaderFailureVector_malformed(String name) throws Exception {
    TestFile v = vector(name);
    assertEquals("header failure", v.get("expect"));
    assertThrows(AgeException.Malformed.class, () -> openVector(v));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hybrid_bad_tag", "hybrid_currupted_enc_mlkem", "hybrid_currupted_enc_x25519", "hybrid_no_match",
      "hybrid_uppercase"})
  void open_cctvNoMatchVector_noMatch(String name) throws Exception {
    TestFile v = vector(name);
    assertEquals("no match", v.get("expect"));
    assertThrows(AgeException.NoMatch.class, () -> openVector(v));
  }

  @Test
  void sealOpen_smallPayload_roundTrip() throws Exception {
    byte[] plaintext = Primitives.random(1000);
    assertArrayEquals(plaintext, RecipientTesting.open(RecipientTesting.seal(plaintext, identity.recipient()), identity));
  }

  @Test
  void open_wrongKey_noMatch() throws Exception {
    byte[] file = RecipientTesting.seal(new byte[0], identity.recipient());
    assertThrows(AgeException.NoMatch.class, () -> RecipientTesting.open(file, MlKem768X25519Identity.generate()));
  }

  @Test
  void seal_mixedWithClassic_refused() {
    assertTrue(identity.recipient().postQuantum());
    assertThrows(IllegalArgumentException.class,
        () -> RecipientTesting.seal(new byte[0], identity.recipient(), X25519Identity.generate().recipient()));
  }

  @Test
  void unwrap_malformedStanzas_malformed() {
    String enc = good.args().getFirst();
    byte[] encBytes = B64.decode(enc);
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good)));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good, enc, "x")));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, nonCanonical(enc))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, B64.encode(Arrays.copyOf(encBytes, 1119)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, B64.encode(Arrays.copyOf(encBytes, 1121)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withBody(good, new byte[48])));
  }

  @Test
  void unwrap_tamperedBodyOrOtherType_notMine() {
    assertThrows(AgeException.NotMine.class, () -> identity.unwrap(withBody(good, RecipientTesting.flipLastByte(good.body()))));
    assertThrows(AgeException.NotMine.class, () -> identity.unwrap(RecipientTesting.withType(good, "X25519")));
  }

  @Test
  void parse_encodings_roundTrip() {
    MlKem768X25519Identity again = MlKem768X25519Identity.parse(identity.insecureEncoding());
    assertEquals(identity.recipient(), again.recipient());
    assertTrue(identity.insecureEncoding().startsWith("AGE-SECRET-KEY-PQ-1"));
    String r = identity.recipient().encoded();
    assertTrue(r.startsWith("age1pq1"));
    assertEquals(identity.recipient(), MlKem768X25519Recipient.parse(r));
  }

  @Test
  void parse_cctvIdentity_matchesStanzaRecipient() throws Exception {
    TestFile v = vector("hybrid");
    MlKem768X25519Identity id = MlKem768X25519Identity.parse(v.get("identity"));
    assertArrayEquals(HexFormat.of().parseHex(v.get("file key")), id.unwrap(Age.stanzas(new ByteArrayInputStream(v.body())).getFirst()));
  }

  @Test
  void recipient_coefficientAboveQ_rejected() {
    byte[] pk = Bech32.decode(identity.recipient().encoded()).data();
    pk[0] = (byte) 0xff;
    pk[1] |= 0x0f; // first 12-bit coefficient = 4095 >= q
    assertThrows(IllegalArgumentException.class, () -> MlKem768X25519Recipient.parse(Bech32.encode("age1pq", pk)));
  }

  @Test
  void unwrap_bouncyCastleXWingSeal_opens() throws Exception {
    byte[] pk = Bech32.decode(identity.recipient().encoded()).data();
    byte[][] sealed = BC_XWING.seal(BC_XWING.deserializePublicKey(pk), INFO, new byte[0], FILE_KEY, null, null, null);
    Stanza s = new Stanza(MlKem768X25519Recipient.TYPE, List.of(B64.encode(sealed[1])), sealed[0]);
    assertArrayEquals(FILE_KEY, identity.unwrap(s));
  }

  @Test
  void wrap_openedByBouncyCastleXWing_fileKey() throws Exception {
    byte[] seed = Bech32.decode(identity.insecureEncoding()).data();
    AsymmetricCipherKeyPair kp = BC_XWING.deserializePrivateKey(seed, null);
    byte[] enc = B64.decode(good.args().getFirst());
    assertArrayEquals(FILE_KEY, BC_XWING.open(enc, kp, INFO, new byte[0], good.body(), null, null, null));
  }
}

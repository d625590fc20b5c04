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

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.amana.crypto.RecipientTesting.CountingP256;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** piv-p256 (age-plugin-yubikey), against a second implementation written only with Bouncy Castle. */
class PivP256Test {
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256.BC);

  private final byte[] scalar = randomScalar();
  private final SoftwareP256 key = SoftwareP256.fromScalar(scalar);
  private final PivP256Identity identity = new PivP256Identity(key);
  private final Stanza good = wrapOne(identity.recipient());

  private static byte[] randomScalar() {
    while (true) {
      byte[] s = Primitives.random(32);
      BigInteger d = new BigInteger(1, s);
      if (d.signum() > 0 && d.compareTo(P256.BC.getN()) < 0) return s;
    }
  }

  /** The stanza's body key, computed with Bouncy Castle's lightweight API only (no code under test). */
  private static byte[] oracleWrapKey(BigInteger d, byte[] peer33, byte[] epk33, byte[] recipient33) {
    ECDHBasicAgreement ecdh = new ECDHBasicAgreement();
    ecdh.init(new ECPrivateKeyParameters(d, DOMAIN));
    BigInteger x = ecdh.calculateAgreement(new ECPublicKeyParameters(P256.BC.getCurve().decodePoint(peer33), DOMAIN));
    byte[] z = P256.fixed(x.toByteArray(), 32);
    byte[] salt = new byte[66];
    System.arraycopy(epk33, 0, salt, 0, 33);
    System.arraycopy(recipient33, 0, salt, 33, 33);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(z, salt, "piv-p256".getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[32];
    hkdf.generateBytes(out, 0, 32);
    return out;
  }

  private static byte[] oracleAead(boolean encrypt, byte[] key, byte[] in) throws Exception {
    ChaCha20Poly1305 c = new ChaCha20Poly1305();
    c.init(encrypt, new AEADParameters(new KeyParameter(key), 128, new byte[12]));
    byte[] out = new byte[c.getOutputSize(in.length)];
    int n = c.processBytes(in, 0, in.length, out, 0);
    c.doFinal(out, n);
    return out;
  }

  @Test
  void sealOpen_payloadSizes_roundTrip() throws Exception {
    for (int size : new int[] {0, 1, 65536, 65537}) {
      byte[] plaintext = Primitives.random(size);
      assertArrayEquals(plaintext, RecipientTesting.open(RecipientTesting.seal(plaintext, identity.recipient()), identity));
    }
  }

  @Test
  void wrap_openedByOracle_fileKey() throws Exception {
    byte[] epk = B64.decode(good.args().get(1));
    byte[] wrapKey = oracleWrapKey(new BigInteger(1, scalar), epk, epk, key.publicKey());
    assertArrayEquals(FILE_KEY, oracleAead(false, wrapKey, good.body()));
    assertArrayEquals(Arrays.copyOf(Primitives.sha256(key.publicKey()), 4), B64.decode(good.args().get(0)));
  }

  @Test
  void unwrap_oracleStanza_opens() throws Exception {
    BigInteger e = new BigInteger(1, randomScalar());
    byte[] epk = P256.BC.getG().multiply(e).normalize().getEncoded(true);
    byte[] wrapKey = oracleWrapKey(e, key.publicKey(), epk, key.publicKey());
    byte[] tag = Arrays.copyOf(Primitives.sha256(key.publicKey()), 4);
    Stanza s = new Stanza("piv-p256", List.of(B64.encode(tag), B64.encode(epk)), oracleAead(true, wrapKey, FILE_KEY));
    assertArrayEquals(FILE_KEY, identity.unwrap(s));
  }

  @Test
  void open_wrongKey_noMatch() throws Exception {
    byte[] file = RecipientTesting.seal(new byte[] {1}, identity.recipient());
    assertThrows(AgeException.NoMatch.class, () -> RecipientTesting.open(file, new PivP256Identity(SoftwareP256.generate())));
  }

  @Test
  void unwrap_tagMismatch_neverCallsAgree() {
    CountingP256 other = new CountingP256(SoftwareP256.generate());
    assertThrows(AgeException.NotMine.class, () -> new PivP256Identity(other).unwrap(good));
    assertEquals(0, other.agreements.get());
  }

  @Test
  void unwrap_tagMatchesBodyFails_fatalMalformed() {
    AgeException e = assertThrows(AgeException.Malformed.class,
        () -> identity.unwrap(withBody(good, RecipientTesting.flipLastByte(good.body()))));
    assertTrue(e.getMessage().contains("tag"), e.getMessage());
  }

  @Test
  void unwrap_malformedStanzas_malformed() {
    String tag = good.args().get(0);
    String epk = good.args().get(1);
    byte[] epkBytes = B64.decode(epk);
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good, tag)));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArgs(good, tag, epk, epk)));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, nonCanonical(tag))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, nonCanonical(epk))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 0, B64.encode(new byte[5]))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withArg(good, 1, B64.encode(P256.uncompress(epkBytes)))));
    assertThrows(AgeException.Malformed.class, () -> identity.unwrap(withBody(good, new byte[31])));
  }

  @Test
  void unwrap_invalidPoint_malformedWithoutAgreement() {
    byte[] bad = new byte[33];
    bad[0] = 0x02;
    for (int x = 1; ; x++) {
      bad[32] = (byte) x;
      try {
        P256.decode(bad);
      } catch (IllegalArgumentException e) {
        break;
      }
    }
    CountingP256 counting = new CountingP256(key);
    Stanza s = withArg(good, 1, B64.encode(bad));
    assertThrows(AgeException.Malformed.class, () -> new PivP256Identity(counting).unwrap(s));
    assertEquals(0, counting.agreements.get());
  }

  @Test
  void unwrap_otherType_notMine() {
    assertThrows(AgeException.NotMine.class, () -> identity.unwrap(RecipientTesting.withType(good, "p256tag")));
  }

  @Test
  void parse_encoded_roundTrip() {
    PivP256Recipient r = identity.recipient();
    assertTrue(r.encoded().startsWith("age1yubikey1"));
    assertEquals(r, PivP256Recipient.parse(r.encoded()));
    assertEquals(r, PivP256Recipient.fromPublicKey(P256.uncompress(key.publicKey())));
    assertThrows(IllegalArgumentException.class, () -> PivP256Recipient.parse(P256TagRecipient.fromPublicKey(key.publicKey()).encoded()));
  }
}

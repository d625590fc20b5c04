package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** RFC 9180 Appendix A.5.1: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode. */
class HpkeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] INFO = HEX.parseHex("4f6465206f6e2061204772656369616e2055726e");
  private static final byte[] SK_RM = HEX.parseHex("a4d1c55836aa30f9b3fbb6ac98d338c877c2867dd3a77396d13f68d3ab150d3b");
  private static final byte[] PK_RM = HEX.parseHex("04a697bffde9405c992883c5c439d6cc358170b51af72812333b015621dc0f40ba"
      + "d9bb726f68a5c013806a790ec716ab8669f84f6b694596c2987cf35baba2a006");
  private static final byte[] SK_EM = HEX.parseHex("7550253e1147aae48839c1f8af80d2770fb7a4c763afe7d0afa7e0f42a5b3689");
  private static final byte[] ENC = HEX.parseHex("04c07836a0206e04e31d8ae99bfd549380b072a1b1b82e563c935c095827824fc1"
      + "559eac6fb9e3c70cd3193968994e7fe9781aa103f5b50e934b5b2f387e381291");
  private static final byte[] SHARED_SECRET = HEX.parseHex("806520f82ef0b03c823b7fc524b6b55a088f566b9751b89551c170f4113bd850");
  private static final byte[] KEY = HEX.parseHex("a8f45490a92a3b04d1dbf6cf2c3939ad8bfc9bfcb97c04bffe116730c9dfe3fc");
  private static final byte[] BASE_NONCE = HEX.parseHex("726b4390ed2209809f58c693");
  private static final byte[] PT = HEX.parseHex("4265617574792069732074727574682c20747275746820626561757479");
  private static final byte[] AAD = HEX.parseHex("436f756e742d30");
  private static final byte[] CT = HEX.parseHex("6469c41c5c81d3aa85432531ecf6460ec945bde1eb428cb2fedf7a29f5a685b4ccb0d057f0"
      + "3ea2952a27bb458b");

  @Test
  void dhkemP256SharedSecret_rfc9180A51_matches() {
    try (SoftwareP256 recipient = SoftwareP256.fromScalar(SK_RM)) {
      assertArrayEquals(P256.compress(PK_RM), recipient.publicKey());
      byte[] dh = recipient.agree(P256.publicKey(ENC));
      assertArrayEquals(SHARED_SECRET, Hpke.dhkemP256SharedSecret(dh, ENC, PK_RM));
    }
  }

  @Test
  void dhkemP256SharedSecret_senderSide_matches() {
    try (SoftwareP256 ephemeral = SoftwareP256.fromScalar(SK_EM)) {
      assertArrayEquals(P256.compress(ENC), ephemeral.publicKey());
      byte[] dh = ephemeral.agree(P256.publicKey(PK_RM));
      assertArrayEquals(SHARED_SECRET, Hpke.dhkemP256SharedSecret(dh, ENC, PK_RM));
    }
  }

  @Test
  void keySchedule_rfc9180A51_keyAndNonceMatch() throws Exception {
    Hpke.Context c = Hpke.keySchedule(Hpke.KEM_DHKEM_P256, SHARED_SECRET, INFO);
    assertArrayEquals(KEY, c.key());
    assertArrayEquals(BASE_NONCE, c.nonce());
    // The first message of the vector, which has an aad (age's has none).
    Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(c.key(), "ChaCha20"), new IvParameterSpec(c.nonce()));
    cipher.updateAAD(AAD);
    assertArrayEquals(CT, cipher.doFinal(PT));
  }

  @Test
  void sealOpen_anyKemId_roundTrip() {
    byte[] ss = Primitives.random(32);
    byte[] ct = Hpke.seal(Hpke.KEM_MLKEM768_X25519, ss, "label", RecipientTesting.FILE_KEY);
    assertEquals(32, ct.length);
    assertArrayEquals(RecipientTesting.FILE_KEY, Hpke.open(Hpke.KEM_MLKEM768_X25519, ss, "label", ct));
    assertNull(Hpke.open(Hpke.KEM_MLKEM768_P256, ss, "label", ct), "the KEM id is bound into the key schedule");
    assertNull(Hpke.open(Hpke.KEM_MLKEM768_X25519, ss, "other", ct), "the info is bound into the key schedule");
  }

  @Test
  void suiteId_p256ChaCha_isHpke0010_0001_0003() {
    assertArrayEquals(HEX.parseHex("48504b45001000010003"), Hpke.suiteId(Hpke.KEM_DHKEM_P256));
    assertArrayEquals(HEX.parseHex("4b454d0010"), Hpke.kemSuiteId(Hpke.KEM_DHKEM_P256));
  }
}

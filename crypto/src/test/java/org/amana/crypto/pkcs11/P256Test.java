package org.amana.crypto.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import org.junit.jupiter.api.Test;

class P256Test {

  /** A key whose point nobody checked, as an attacker-supplied key may be. */
  private static ECPublicKey unchecked(BigInteger x, BigInteger y) {
    return new ECPublicKey() {
      @Override public ECPoint getW() {
        return new ECPoint(x, y);
      }
      @Override public ECParameterSpec getParams() {
        return P256.PARAMS;
      }
      @Override public String getAlgorithm() {
        return "EC";
      }
      @Override public String getFormat() {
        return null;
      }
      @Override public byte[] getEncoded() {
        return null;
      }
    };
  }

  @Test
  void compress_softwareKey_roundTripsThroughBouncyCastle() throws Exception {
    for (int i = 0; i < 8; i++) {
      ECPublicKey key = (ECPublicKey) SoftwareEc.generate().getPublic();
      byte[] compressed = P256.compress(key);
      assertEquals(33, compressed.length);
      assertEquals(key.getW(), SoftwareEc.decompress(compressed).getW());
    }
  }

  @Test
  void requireValidPeer_offCurvePoint_rejected() {
    assertThrows(IllegalArgumentException.class,
        () -> P256.requireValidPeer(unchecked(BigInteger.ONE, BigInteger.TWO)));
  }

  @Test
  void requireValidPeer_coordinateNotReduced_rejected() throws Exception {
    ECPublicKey valid = (ECPublicKey) SoftwareEc.generate().getPublic();
    BigInteger p = ((java.security.spec.ECFieldFp) P256.PARAMS.getCurve().getField()).getP();
    P256.requireValidPeer(valid);
    assertThrows(IllegalArgumentException.class, () -> P256.requireValidPeer(
        unchecked(valid.getW().getAffineX().add(p), valid.getW().getAffineY())));
  }

  @Test
  void leftPad32_31ByteSecret_oneLeadingZero() {
    byte[] secret = new byte[31];
    java.util.Arrays.fill(secret, (byte) 7);
    byte[] padded = P256.leftPad32(secret);
    assertEquals(32, padded.length);
    assertEquals(0, padded[0]);
    assertArrayEquals(secret, java.util.Arrays.copyOfRange(padded, 1, 32));
  }

  @Test
  void leftPad32_tooLong_rejected() {
    assertThrows(IllegalStateException.class, () -> P256.leftPad32(new byte[33]));
  }
}

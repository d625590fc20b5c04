package org.amana.crypto.pkcs11;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;

/** The few P-256 operations the token layer needs, with the JDK only. */
final class P256 {
  static final ECParameterSpec PARAMS = params();
  private static final BigInteger P = ((java.security.spec.ECFieldFp) PARAMS.getCurve().getField())
      .getP();

  private P256() {}

  /** True if {@code key} is on P-256 (same curve and base point, not merely the same size). */
  static boolean isP256(PublicKey key) {
    if (!(key instanceof ECPublicKey ec)) {
      return false;
    }
    ECParameterSpec p = ec.getParams();
    EllipticCurve c = p.getCurve();
    return c.getField().equals(PARAMS.getCurve().getField())
        && c.getA().equals(PARAMS.getCurve().getA()) && c.getB().equals(PARAMS.getCurve().getB())
        && p.getGenerator().equals(PARAMS.getGenerator()) && p.getOrder().equals(PARAMS.getOrder());
  }

  /**
   * Rejects a peer key that is not a valid P-256 point, so that the token can never be used as an
   * invalid-curve oracle (the ECDH output for an off-curve point leaks bits of the private key).
   */
  static void requireValidPeer(ECPublicKey peer) {
    if (!isP256(peer)) {
      throw new IllegalArgumentException("the peer key is not a P-256 key");
    }
    ECPoint w = peer.getW();
    if (w == ECPoint.POINT_INFINITY) {
      throw new IllegalArgumentException("the peer key is the point at infinity");
    }
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || x.compareTo(P) >= 0 || y.signum() < 0 || y.compareTo(P) >= 0) {
      throw new IllegalArgumentException("the peer point's coordinates are out of range");
    }
    // y² = x³ + ax + b (mod p). P-256 has cofactor 1, so every curve point is in the right group.
    BigInteger a = PARAMS.getCurve().getA();
    BigInteger b = PARAMS.getCurve().getB();
    BigInteger rhs = x.pow(3).add(a.multiply(x)).add(b).mod(P);
    if (!y.pow(2).mod(P).equals(rhs)) {
      throw new IllegalArgumentException("the peer point is not on P-256");
    }
  }

  /** The 33-byte compressed SEC1 encoding: 02 or 03 (parity of y), then x on 32 bytes. */
  static byte[] compress(ECPublicKey key) {
    byte[] out = new byte[33];
    out[0] = (byte) (key.getW().getAffineY().testBit(0) ? 3 : 2);
    byte[] x = unsigned(key.getW().getAffineX());
    System.arraycopy(x, 0, out, 33 - x.length, x.length);
    return out;
  }

  /** A software (SunEC) copy of a public key, so that nothing public depends on the token. */
  static ECPublicKey softwareCopy(ECPublicKey key) throws GeneralSecurityException {
    return (ECPublicKey) KeyFactory.getInstance("EC")
        .generatePublic(new ECPublicKeySpec(key.getW(), PARAMS));
  }

  /** Left-pads a big-endian value to 32 bytes; some tokens drop leading zero bytes. */
  static byte[] leftPad32(byte[] value) {
    if (value.length == 32) {
      return value.clone();
    }
    if (value.length > 32) {
      throw new IllegalStateException("the token returned a " + value.length
          + "-byte ECDH secret, expected at most 32");
    }
    byte[] out = new byte[32];
    System.arraycopy(value, 0, out, 32 - value.length, value.length);
    return out;
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 32 ? java.util.Arrays.copyOfRange(b, b.length - 32, b.length) : b;
  }

  private static ECParameterSpec params() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}

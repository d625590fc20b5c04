package org.amana.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * P-256 points as the stanzas carry them (SEC1, compressed or uncompressed). Bouncy Castle decodes
 * and validates them, because the JDK cannot decompress points; the JDK does the ECDH.
 *
 * <p>Every point that comes from a file passes through {@link #decode} before it reaches a {@link
 * P256KeyAgreement}, so a token never multiplies its key by an invalid point.
 */
final class P256 {
  static final String CURVE = "secp256r1";
  static final int COMPRESSED_SIZE = 33;
  static final int UNCOMPRESSED_SIZE = 65;
  static final int SCALAR_SIZE = 32;

  static final X9ECParameters BC = ECNamedCurveTable.getByName(CURVE);
  static final ECParameterSpec JDK = jdkParameters();

  private P256() {}

  /**
   * Decodes a 33-byte compressed or 65-byte uncompressed SEC1 point and checks that it is on the
   * curve and not the point at infinity. Hybrid encodings (0x06, 0x07) are refused.
   *
   * @throws IllegalArgumentException when the bytes are not a valid P-256 point
   */
  static ECPoint decode(byte[] sec1) {
    boolean ok = (sec1.length == COMPRESSED_SIZE && (sec1[0] == 0x02 || sec1[0] == 0x03))
        || (sec1.length == UNCOMPRESSED_SIZE && sec1[0] == 0x04);
    if (!ok) throw new IllegalArgumentException("not a compressed or uncompressed SEC1 point");
    ECPoint p;
    try {
      // decodePoint rejects coordinates >= p and (for uncompressed points) points off the curve.
      p = BC.getCurve().decodePoint(sec1).normalize();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a point on P-256");
    }
    // P-256 has cofactor 1, so on the curve and not infinity means in the prime-order group.
    if (p.isInfinity() || !p.isValid()) throw new IllegalArgumentException("not a point on P-256");
    return p;
  }

  static byte[] compress(byte[] sec1) {
    return decode(sec1).getEncoded(true);
  }

  static byte[] uncompress(byte[] sec1) {
    return decode(sec1).getEncoded(false);
  }

  /** A JDK public key for a validated point, ready for {@code KeyAgreement.doPhase}. */
  static ECPublicKey publicKey(byte[] sec1) {
    return publicKey(decode(sec1));
  }

  static ECPublicKey publicKey(ECPoint p) {
    java.security.spec.ECPoint w = new java.security.spec.ECPoint(
        p.getAffineXCoord().toBigInteger(), p.getAffineYCoord().toBigInteger());
    try {
      return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, JDK));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 keys unavailable", e);
    }
  }

  /** The 33-byte compressed encoding of a JDK public key. */
  static byte[] compressed(ECPublicKey key) {
    BigInteger x = key.getW().getAffineX();
    BigInteger y = key.getW().getAffineY();
    return BC.getCurve().validatePoint(x, y).getEncoded(true);
  }

  /**
   * ECDH with a key that may be on a token, whose answer is checked: a token may drop leading
   * zeros (padded back here) but must never return more than 32 bytes.
   */
  static byte[] agree(P256KeyAgreement key, ECPublicKey peer) throws TokenException {
    byte[] secret = key.agree(peer);
    if (secret.length == SCALAR_SIZE) return secret;
    try {
      return fixed(secret, SCALAR_SIZE);
    } catch (IllegalArgumentException e) {
      throw new TokenException(TokenException.Reason.FAILED, "the token returned a " + secret.length + "-byte ECDH secret, not 32");
    } finally {
      Primitives.zero(secret);
    }
  }

  /** A big-endian integer as exactly {@code size} bytes, left-padded with zeros. */
  static byte[] fixed(byte[] bigEndian, int size) {
    int start = 0;
    while (bigEndian.length - start > size && bigEndian[start] == 0) start++;
    if (bigEndian.length - start > size) throw new IllegalArgumentException("value longer than " + size + " bytes");
    byte[] out = new byte[size];
    System.arraycopy(bigEndian, start, out, size - (bigEndian.length - start), bigEndian.length - start);
    return out;
  }

  private static ECParameterSpec jdkParameters() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(CURVE));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 unavailable", e);
    }
  }
}

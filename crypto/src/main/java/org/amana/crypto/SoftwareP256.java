package org.amana.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * A P-256 private key held in memory. <b>For tests and offline recovery only</b>: a reviewer's
 * real key lives on a token, where it cannot be copied; this class exists so that the
 * token-backed identities can be tested without one, and for the ephemeral keys of sealing.
 *
 * <p>Security guarantees: {@link #close} zeroes the scalar this object holds. The JDK key object
 * built for each {@link #agree} is immutable and cannot be zeroed; it is short-lived garbage.
 */
public final class SoftwareP256 implements P256KeyAgreement, AutoCloseable {
  private final byte[] scalar;
  private final byte[] publicKey;
  private boolean closed;

  private SoftwareP256(byte[] scalar) {
    BigInteger d = new BigInteger(1, scalar);
    if (d.signum() == 0 || d.compareTo(P256.BC.getN()) >= 0) {
      throw new IllegalArgumentException("a P-256 scalar must be in [1, n-1]");
    }
    this.scalar = scalar.clone();
    this.publicKey = new FixedPointCombMultiplier().multiply(P256.BC.getG(), d).normalize().getEncoded(true);
  }

  /** A fresh key from the CSPRNG. */
  public static SoftwareP256 generate() {
    while (true) {
      byte[] s = Primitives.random(P256.SCALAR_SIZE);
      try {
        BigInteger d = new BigInteger(1, s);
        // Rejection sampling keeps the scalar uniform; a retry happens with probability ~2^-32.
        if (d.signum() != 0 && d.compareTo(P256.BC.getN()) < 0) return new SoftwareP256(s);
      } finally {
        Primitives.zero(s);
      }
    }
  }

  /**
   * A key from its 32-byte big-endian scalar (recovery, tests). The array is copied.
   *
   * @throws IllegalArgumentException when the scalar is not 32 bytes in [1, n-1]
   */
  public static SoftwareP256 fromScalar(byte[] scalar) {
    if (scalar.length != P256.SCALAR_SIZE) throw new IllegalArgumentException("a P-256 scalar is 32 bytes");
    return new SoftwareP256(scalar);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] agree(ECPublicKey peer) {
    if (closed) throw new IllegalStateException("this key was closed");
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256.JDK));
      KeyAgreement ka = KeyAgreement.getInstance("ECDH");
      ka.init(key);
      ka.doPhase(peer, true);
      byte[] secret = ka.generateSecret();
      try {
        return P256.fixed(secret, P256.SCALAR_SIZE);
      } finally {
        Primitives.zero(secret);
      }
    } catch (GeneralSecurityException e) {
      // The JDK validates the peer point too; callers have already validated it with P256.decode.
      throw new IllegalArgumentException("P-256 ECDH failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
    Primitives.zero(scalar);
  }

  @Override
  public String toString() {
    return "SoftwareP256[" + B64.encode(publicKey) + "]";
  }
}

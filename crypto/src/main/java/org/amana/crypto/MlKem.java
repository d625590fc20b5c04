package org.amana.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * ML-KEM-768 (FIPS 203) from Bouncy Castle's low-level API, plus the SHAKE256 and SHA3-256 the
 * hybrid KEMs use to expand seeds and combine shared secrets.
 */
final class MlKem {
  /** The decapsulation key as a seed: d || z (FIPS 203). */
  static final int SEED_SIZE = 64;
  static final int EK_SIZE = 1184;
  static final int CT_SIZE = 1088;
  private static final int Q = 3329;
  private static final int ENCODED_POLYS = 3 * 384;

  /** A KEM ciphertext and its shared secret; the caller zeroes the secret. */
  record Encapsulated(byte[] ciphertext, byte[] secret) {}

  private MlKem() {}

  /** The 1184-byte encapsulation key of a 64-byte seed. */
  static byte[] encapsulationKey(byte[] seed) {
    MLKEMPrivateKeyParameters sk = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed);
    try {
      return sk.getPublicKeyParameters().getEncoded();
    } finally {
      sk.destroy();
    }
  }

  /**
   * The FIPS 203 §7.2 modulus check: every 12-bit coefficient of the encoded vector is below q, so
   * that the key re-encodes to itself.
   *
   * @throws IllegalArgumentException when the key is the wrong length or fails the check
   */
  static void checkEncapsulationKey(byte[] ek) {
    if (ek.length != EK_SIZE) throw new IllegalArgumentException("an ML-KEM-768 key is " + EK_SIZE + " bytes");
    for (int i = 0; i < ENCODED_POLYS; i += 3) {
      int b0 = ek[i] & 0xff;
      int b1 = ek[i + 1] & 0xff;
      int b2 = ek[i + 2] & 0xff;
      if ((b0 | (b1 & 0x0f) << 8) >= Q || (b1 >>> 4 | b2 << 4) >= Q) {
        throw new IllegalArgumentException("not a valid ML-KEM-768 key (coefficient out of range)");
      }
    }
  }

  static Encapsulated encapsulate(byte[] ek) {
    MLKEMPublicKeyParameters pk = new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ek);
    SecretWithEncapsulation sw = new MLKEMGenerator(new java.security.SecureRandom()).generateEncapsulated(pk);
    try {
      return new Encapsulated(sw.getEncapsulation(), sw.getSecret());
    } finally {
      destroy(sw);
    }
  }

  /** Decapsulates a 1088-byte ciphertext; a wrong one yields a pseudo-random secret (implicit rejection). */
  static byte[] decapsulate(byte[] seed, byte[] ciphertext) {
    MLKEMPrivateKeyParameters sk = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed);
    try {
      return new MLKEMExtractor(sk).extractSecret(ciphertext);
    } finally {
      sk.destroy();
    }
  }

  static byte[] shake256(byte[] in, int length) {
    SHAKEDigest d = new SHAKEDigest(256);
    d.update(in, 0, in.length);
    byte[] out = new byte[length];
    d.doFinal(out, 0, length);
    return out;
  }

  static byte[] sha3_256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA3-256");
      for (byte[] p : parts) md.update(p);
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA3-256 unavailable", e);
    }
  }

  private static void destroy(SecretWithEncapsulation sw) {
    try {
      sw.destroy();
    } catch (javax.security.auth.DestroyFailedException e) {
      // Nothing more can be done; the secret was already copied out and will be zeroed by the caller.
    }
  }
}

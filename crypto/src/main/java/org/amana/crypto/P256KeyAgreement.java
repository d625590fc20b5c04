package org.amana.crypto;

import java.security.interfaces.ECPublicKey;

/**
 * A P-256 private key that performs ECDH without revealing itself: on a PKCS#11 token, or (for
 * tests and recovery) in software. The identities for {@code p256tag}, {@code mlkem768p256tag} and
 * {@code piv-p256} use it, so the same code opens a file whether the key is on a YubiKey, a
 * Nitrokey, SoftHSM2 or in memory.
 *
 * <p>Security guarantees: callers validate every peer point (on the curve, not the point at
 * infinity) before calling {@link #agree}, so a token can never be used as an invalid-curve oracle.
 */
public interface P256KeyAgreement {

  /** The public key as a 33-byte compressed SEC1 point. */
  byte[] publicKey();

  /**
   * Returns the ECDH shared secret with {@code peer}: the 32-byte big-endian x-coordinate of
   * d·peer, left-padded to 32 bytes (what PKCS#11 {@code CKM_ECDH1_DERIVE} with {@code CKD_NULL}
   * returns). The caller zeroes the result when done.
   */
  byte[] agree(ECPublicKey peer) throws TokenException;
}

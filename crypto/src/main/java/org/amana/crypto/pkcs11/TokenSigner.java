package org.amana.crypto.pkcs11;

import java.security.interfaces.ECPublicKey;
import org.amana.crypto.TokenException;

/**
 * A P-256 signing key that never leaves its token. Obtain one from
 * {@link Pkcs11Token#generateSigningKey} or {@link Pkcs11Token#findSigningKey}; it works until its
 * token is closed.
 */
public interface TokenSigner {

  /** The key's label on the token. */
  String label();

  /** Signs SHA-256(message) with ECDSA on the token; returns a DER SEQUENCE{r, s}. */
  byte[] sign(byte[] message) throws TokenException;

  /** The public key, as a software key: verify with any provider (SHA256withECDSA). */
  ECPublicKey publicKey();
}

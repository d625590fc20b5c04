package org.amana.crypto.pkcs11;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import org.amana.crypto.TokenException;

/** An ECDSA key on a token; the digest is computed by SunPKCS11 (on the token if it can). */
final class TokenSigningKey implements TokenSigner {
  private final Pkcs11Token token;
  private final String label;
  private final PrivateKey key; // a handle to the token object; holds no key material
  private final ECPublicKey publicKey;

  TokenSigningKey(Pkcs11Token token, String label, PrivateKey key, ECPublicKey publicKey) {
    this.token = token;
    this.label = label;
    this.key = key;
    this.publicKey = publicKey;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public byte[] sign(byte[] message) throws TokenException {
    token.ensureOpen();
    try {
      Signature signature = Signature.getInstance("SHA256withECDSA", token.provider());
      signature.initSign(key);
      signature.update(message);
      return signature.sign(); // SunPKCS11 turns the token's r||s into DER
    } catch (GeneralSecurityException | ProviderException e) {
      throw Failures.operation("signing with the key '" + label + "' on " + token, e);
    }
  }

  @Override
  public ECPublicKey publicKey() {
    return publicKey;
  }

  /** Package-private for tests: the token object, to show what the token itself refuses. */
  PrivateKey privateKey() {
    return key;
  }

  @Override
  public String toString() {
    return "signing key '" + label + "' on " + token;
  }
}

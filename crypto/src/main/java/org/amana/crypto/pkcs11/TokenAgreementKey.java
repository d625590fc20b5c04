package org.amana.crypto.pkcs11;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.amana.crypto.P256KeyAgreement;
import org.amana.crypto.TokenException;

/** An ECDH key on a token: CKM_ECDH1_DERIVE with CKD_NULL, through SunPKCS11. */
final class TokenAgreementKey implements P256KeyAgreement {
  private final Pkcs11Token token;
  private final String label;
  private final PrivateKey key; // a handle to the token object; holds no key material
  private final byte[] publicKey;

  TokenAgreementKey(Pkcs11Token token, String label, PrivateKey key, ECPublicKey publicKey) {
    this.token = token;
    this.label = label;
    this.key = key;
    this.publicKey = P256.compress(publicKey);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] agree(ECPublicKey peer) throws TokenException {
    P256.requireValidPeer(peer); // defence in depth: callers validate too
    token.ensureOpen();
    byte[] secret = null;
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH", token.provider());
      agreement.init(key);
      agreement.doPhase(peer, true);
      secret = agreement.generateSecret(); // the raw x-coordinate; SunPKCS11 destroys the object
      return P256.leftPad32(secret);
    } catch (GeneralSecurityException | ProviderException | IllegalStateException e) {
      throw Failures.operation("ECDH with the key '" + label + "' on " + token, e);
    } finally {
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  /** Package-private for tests: the token object, to show what the token itself refuses. */
  PrivateKey privateKey() {
    return key;
  }

  @Override
  public String toString() {
    return "agreement key '" + label + "' on " + token;
  }
}

package org.amana.crypto;

/**
 * Opens {@code p256tag} stanzas with a P-256 key that does ECDH for us: on a token, or (for tests
 * and recovery) a {@link SoftwareP256}. Only the ECDH runs on the key; the HPKE key schedule and
 * the AEAD run here.
 *
 * <p>Security guarantees: the stanza is fully checked and its tag compared (in constant time)
 * before any ECDH, so a token is never asked to touch a stanza meant for another key, and never
 * sees a point that is not on the curve. A stanza whose body does not authenticate is "not mine".
 */
public final class P256TagIdentity implements Identity {
  private static final int ENC_SIZE = P256.UNCOMPRESSED_SIZE;

  private final P256KeyAgreement key;
  private final P256TagRecipient recipient;

  public P256TagIdentity(P256KeyAgreement key) {
    this.key = key;
    this.recipient = P256TagRecipient.fromPublicKey(key.publicKey());
  }

  public P256TagRecipient recipient() {
    return recipient;
  }

  @Override
  public byte[] unwrap(Stanza stanza) throws AgeException {
    Tagged.Parsed p = Tagged.parse(stanza, P256TagRecipient.TYPE, P256TagRecipient.LABEL, ENC_SIZE, 0, recipient.publicKey());
    byte[] pkRm = recipient.uncompressed();
    byte[] dh = P256.agree(key, p.ephemeral());
    byte[] ss = Hpke.dhkemP256SharedSecret(dh, p.enc(), pkRm);
    try {
      byte[] fileKey = Hpke.open(Hpke.KEM_DHKEM_P256, ss, P256TagRecipient.LABEL, p.body());
      // A 32-bit tag can collide; a body that does not authenticate is then someone else's.
      if (fileKey == null) throw new AgeException.NotMine();
      return fileKey;
    } finally {
      Primitives.zero(dh, ss);
    }
  }
}

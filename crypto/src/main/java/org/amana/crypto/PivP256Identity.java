package org.amana.crypto;

import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;

/**
 * Opens {@code piv-p256} stanzas (age-plugin-yubikey) with a P-256 key that does ECDH for us: a
 * token, or (for tests and recovery) a {@link SoftwareP256}.
 *
 * <p>Security guarantees: the stanza is fully checked and its tag compared (in constant time)
 * before any ECDH, so a token is never asked to touch a stanza meant for another key, and never
 * sees a point that is not on the curve. As in age-plugin-yubikey, a body that fails to
 * authenticate after the tag matched is fatal ({@link AgeException.Malformed}), not "not mine".
 */
public final class PivP256Identity implements Identity {
  private static final int EPK_SIZE = P256.COMPRESSED_SIZE;
  private static final int BODY_SIZE = 32;

  private final P256KeyAgreement key;
  private final PivP256Recipient recipient;
  private final byte[] tag;

  public PivP256Identity(P256KeyAgreement key) {
    this.key = key;
    this.recipient = PivP256Recipient.fromPublicKey(key.publicKey());
    this.tag = PivP256Recipient.tag(recipient.publicKey());
  }

  public PivP256Recipient recipient() {
    return recipient;
  }

  @Override
  public byte[] unwrap(Stanza stanza) throws AgeException {
    String type = PivP256Recipient.TYPE;
    if (!stanza.type().equals(type)) throw new AgeException.NotMine();
    if (stanza.args().size() != 2) throw new AgeException.Malformed("a " + type + " stanza must have exactly two arguments");
    byte[] stanzaTag;
    byte[] epk;
    try {
      stanzaTag = B64.decode(stanza.args().get(0), PivP256Recipient.TAG_SIZE);
      epk = B64.decode(stanza.args().get(1), EPK_SIZE);
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("a " + type + " stanza needs a 4-byte tag and a 33-byte key in canonical base64");
    }
    byte[] body = stanza.body();
    if (body.length != BODY_SIZE) throw new AgeException.Malformed("a " + type + " stanza body must be 32 bytes");
    ECPublicKey ephemeral;
    try {
      if (epk[0] != 0x02 && epk[0] != 0x03) throw new IllegalArgumentException("not compressed");
      ephemeral = P256.publicKey(epk);
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("the " + type + " ephemeral key is not a valid compressed P-256 point");
    }
    // Constant-time, and before any ECDH: a token never prompts for a stanza meant for someone else.
    if (!MessageDigest.isEqual(stanzaTag, tag)) throw new AgeException.NotMine();
    byte[] z = P256.agree(key, ephemeral);
    byte[] wrapKey = PivP256Recipient.wrapKey(z, epk, recipient.publicKey());
    Primitives.zero(z);
    byte[] fileKey = Primitives.open(wrapKey, Primitives.ZERO_NONCE, body);
    Primitives.zero(wrapKey);
    if (fileKey == null) {
      throw new AgeException.Malformed("a " + type + " stanza carries this key's tag but does not decrypt with it:"
          + " the file was altered or damaged");
    }
    return fileKey;
  }
}

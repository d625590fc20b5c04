package org.amana.crypto;

import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;

/**
 * What the tagged stanzas ({@code p256tag}, {@code mlkem768p256tag}) share (C2SP age, "The tagged
 * recipient types"): {@code -> type base64(tag) base64(enc)} and a 32-byte body, where
 * tag = HMAC-SHA-256(key = label, enc || SHA-256(P-256 key)[:4])[:4].
 */
final class Tagged {
  static final int TAG_SIZE = 4;
  static final int BODY_SIZE = 32;

  /** A stanza that passed every check: addressed to us (by tag) and well formed. */
  record Parsed(byte[] enc, byte[] body, ECPublicKey ephemeral) {}

  private Tagged() {}

  /**
   * The 4-byte tag. {@code p256Key} is the recipient's P-256 key exactly as the recipient string
   * carries it: compressed for p256tag, uncompressed for mlkem768p256tag.
   */
  static byte[] tag(String label, byte[] enc, byte[] p256Key) {
    byte[] keyHash = Arrays.copyOf(Primitives.sha256(p256Key), TAG_SIZE);
    return Arrays.copyOf(Primitives.hmac(Primitives.ascii(label), enc, keyHash), TAG_SIZE);
  }

  static Stanza stanza(String type, String label, byte[] enc, byte[] p256Key, byte[] body) {
    return new Stanza(type, List.of(B64.encode(tag(label, enc, p256Key)), B64.encode(enc)), body);
  }

  /**
   * Checks a stanza's structure, then its tag, without touching the private key.
   *
   * @param encSize the length of enc
   * @param pointOffset where the 65-byte uncompressed ephemeral P-256 point starts inside enc
   * @throws AgeException.NotMine when the type differs or the tag is another recipient's
   * @throws AgeException.Malformed when the stanza has this type but is malformed
   */
  static Parsed parse(Stanza s, String type, String label, int encSize, int pointOffset, byte[] p256Key)
      throws AgeException {
    if (!s.type().equals(type)) throw new AgeException.NotMine();
    if (s.args().size() != 2) throw new AgeException.Malformed("a " + type + " stanza must have exactly two arguments");
    byte[] tag;
    byte[] enc;
    try {
      tag = B64.decode(s.args().get(0), TAG_SIZE);
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("the " + type + " tag is not " + TAG_SIZE + " bytes of canonical base64");
    }
    try {
      enc = B64.decode(s.args().get(1), encSize);
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("the " + type + " enc is not " + encSize + " bytes of canonical base64");
    }
    byte[] body = s.body();
    if (body.length != BODY_SIZE) throw new AgeException.Malformed("a " + type + " stanza body must be 32 bytes");
    ECPublicKey ephemeral;
    try {
      // Validated whoever the stanza is for: a malformed stanza is malformed for every identity.
      ephemeral = P256.publicKey(Arrays.copyOfRange(enc, pointOffset, pointOffset + P256.UNCOMPRESSED_SIZE));
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("the " + type + " ephemeral key is not a valid P-256 point");
    }
    // Constant-time, and before any ECDH: a token never prompts for a stanza meant for someone else.
    if (!MessageDigest.isEqual(tag, tag(label, enc, p256Key))) throw new AgeException.NotMine();
    return new Parsed(enc, body, ephemeral);
  }
}

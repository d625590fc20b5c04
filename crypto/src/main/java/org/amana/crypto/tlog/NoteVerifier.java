package org.amana.crypto.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 note verifier key: a name and a public key, written as the verifier key string
 * {@code <name>+<hex key ID>+<base64(0x01 || public key)>} that Go's sumdb/note and the C2SP tools
 * use. The key ID is {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}.
 *
 * <p><b>Security guarantees.</b> {@link #verify} returns a note's text only if a signature line with
 * this key's name and ID verifies, and refuses the note if any such line fails (c2sp.org/signed-note,
 * "Signatures"); lines of other keys are ignored.
 */
public final class NoteVerifier {
  static final byte ED25519 = 0x01;
  private final String name;
  private final byte[] publicKey;
  private final int keyId;

  public NoteVerifier(String name, byte[] publicKey) {
    SignedNote.checkKeyName(name);
    if (publicKey.length != 32) throw new NoteException("an Ed25519 public key is 32 bytes");
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = keyId(name, publicKey);
  }

  /** Parses a verifier key string; the key ID in it must match the name and key. */
  public static NoteVerifier parse(String vkey) {
    String[] parts = vkey.strip().split("\\+", 3);
    if (parts.length != 3) throw new NoteException("a verifier key is NAME+KEYID+KEY");
    byte[] key = SignedNote.strictBase64(parts[2]);
    if (key.length != 33 || key[0] != ED25519) throw new NoteException("not an Ed25519 verifier key");
    NoteVerifier v = new NoteVerifier(parts[0], java.util.Arrays.copyOfRange(key, 1, 33));
    if (!parts[1].equals(hex(v.keyId))) throw new NoteException("the key ID does not match the key");
    return v;
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public String encoded() {
    byte[] k = ByteBuffer.allocate(33).put(ED25519).put(publicKey).array();
    return name + "+" + hex(keyId) + "+" + Base64.getEncoder().encodeToString(k);
  }

  /** The note's text, once a signature by this key verifies. */
  public String verify(SignedNote note) {
    boolean verified = false;
    for (SignedNote.Signature s : note.signatures()) {
      if (!s.keyName().equals(name) || s.keyId() != keyId) continue;
      if (!verifies(note.text(), s.signature())) throw new NoteException("the note's signature by " + name + " does not verify");
      verified = true;
    }
    if (!verified) throw new NoteException("the note carries no signature by " + name);
    return note.text();
  }

  public String verify(String note) {
    return verify(SignedNote.parse(note));
  }

  private boolean verifies(String text, byte[] signature) {
    if (signature.length != 64) return false;
    Ed25519Signer v = new Ed25519Signer();
    v.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    byte[] msg = text.getBytes(StandardCharsets.UTF_8);
    v.update(msg, 0, msg.length);
    return v.verifySignature(signature);
  }

  static int keyId(String name, byte[] publicKey) {
    MessageDigest md = LogHash.sha256();
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0x0A);
    md.update(ED25519);
    return ByteBuffer.wrap(md.digest(publicKey)).getInt();
  }

  static String hex(int id) {
    return HexFormat.of().toHexDigits(id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifier v && v.name.equals(name) && MessageDigest.isEqual(v.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return encoded();
  }
}

package org.amana.crypto.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 note signing key (the log key). Its text form is Go sumdb/note's
 * {@code PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>}, so standard tools can read it.
 * Close it to zero the seed.
 */
public final class NoteSigner implements AutoCloseable {
  private static final String PREFIX = "PRIVATE+KEY+";
  private final byte[] seed;
  private final NoteVerifier verifier;

  private NoteSigner(String name, byte[] seed) {
    if (seed.length != 32) throw new NoteException("an Ed25519 seed is 32 bytes");
    this.seed = seed.clone();
    this.verifier = new NoteVerifier(name, new Ed25519PrivateKeyParameters(this.seed, 0).generatePublicKey().getEncoded());
  }

  public static NoteSigner generate(String name, SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    try {
      return new NoteSigner(name, seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Parses the private key string; the key ID in it must match. */
  public static NoteSigner parse(String skey) {
    String s = skey.strip();
    if (!s.startsWith(PREFIX)) throw new NoteException("a note signing key starts with PRIVATE+KEY+");
    String[] parts = s.substring(PREFIX.length()).split("\\+", 3);
    if (parts.length != 3) throw new NoteException("a note signing key is PRIVATE+KEY+NAME+KEYID+KEY");
    byte[] key = SignedNote.strictBase64(parts[2]);
    try {
      if (key.length != 33 || key[0] != NoteVerifier.ED25519) throw new NoteException("not an Ed25519 signing key");
      NoteSigner signer = new NoteSigner(parts[0], Arrays.copyOfRange(key, 1, 33));
      if (!parts[1].equals(NoteVerifier.hex(signer.verifier.keyId()))) {
        signer.close();
        throw new NoteException("the key ID does not match the key");
      }
      return signer;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The private key string: whoever reads it can sign checkpoints in this log's name. */
  public String insecureEncoding() {
    byte[] k = ByteBuffer.allocate(33).put(NoteVerifier.ED25519).put(seed).array();
    try {
      return PREFIX + verifier.name() + "+" + NoteVerifier.hex(verifier.keyId()) + "+" + Base64.getEncoder().encodeToString(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  public NoteVerifier verifier() {
    return verifier;
  }

  /** Signs a note text (ending in a newline) and returns the signed note. */
  public SignedNote sign(String text) {
    SignedNote.checkText(text);
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, new Ed25519PrivateKeyParameters(seed, 0));
    byte[] msg = text.getBytes(StandardCharsets.UTF_8);
    s.update(msg, 0, msg.length);
    return new SignedNote(text, List.of(new SignedNote.Signature(verifier.name(), verifier.keyId(), s.generateSignature())));
  }

  @Override
  public void close() {
    Arrays.fill(seed, (byte) 0);
  }
}

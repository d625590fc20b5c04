package org.amana.crypto;

import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A software X25519 identity ({@code AGE-SECRET-KEY-1…}). For the demo reviewer, an offline
 * recovery key kept in a safe, and tests; real reviewers use a token.
 */
public final class X25519Identity implements Identity, AutoCloseable {
  static final String HRP = "AGE-SECRET-KEY-";

  private final byte[] secret;
  private final byte[] publicKey = new byte[32];

  private X25519Identity(byte[] secret) {
    this.secret = secret.clone();
    X25519.scalarMultBase(this.secret, 0, publicKey, 0);
  }

  public static X25519Identity generate() {
    byte[] s = Primitives.random(32);
    try {
      return new X25519Identity(s);
    } finally {
      Primitives.zero(s);
    }
  }

  /**
   * An identity from 32 secret bytes derived elsewhere, such as the key a defender's replies are
   * sealed to, derived from their receipt. The caller zeroes its copy; {@link #close()} zeroes ours.
   */
  public static X25519Identity fromSecret(byte[] secret) {
    if (secret.length != 32) throw new IllegalArgumentException("an X25519 identity holds 32 bytes");
    return new X25519Identity(secret);
  }

  /** Parses an {@code AGE-SECRET-KEY-1…} string. */
  public static X25519Identity parse(String s) {
    if (!s.startsWith(HRP + "1")) throw new IllegalArgumentException("not an AGE-SECRET-KEY-1… identity");
    Bech32.Decoded d = Bech32.decode(s);
    try {
      // The whole prefix, not just its start: "AGE-SECRET-KEY-1XYZ1…" is another Bech32 string.
      if (!d.hrp().equals(HRP.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("the prefix is not " + HRP + "1");
      }
      if (d.data().length != 32) throw new IllegalArgumentException("an X25519 identity holds 32 bytes");
      return new X25519Identity(d.data());
    } finally {
      Primitives.zero(d.data());
    }
  }

  public X25519Recipient recipient() {
    return new X25519Recipient(publicKey);
  }

  /** The secret key as text, for writing an identity file the operator was warned about. */
  public String insecureEncoding() {
    return Bech32.encode(HRP, secret);
  }

  @Override
  public byte[] unwrap(Stanza stanza) throws AgeException {
    if (!stanza.type().equals(X25519Recipient.TYPE)) throw new AgeException.NotMine();
    if (stanza.args().size() != 1) throw new AgeException.Malformed("an X25519 stanza must have exactly one argument");
    byte[] share;
    try {
      share = B64.decode(stanza.args().getFirst(), 32);
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("the X25519 share is not 32 bytes of canonical base64");
    }
    byte[] body = stanza.body();
    if (body.length != 32) throw new AgeException.Malformed("an X25519 stanza body must be 32 bytes");
    byte[] shared = new byte[32];
    try {
      if (!X25519.calculateAgreement(secret, 0, share, 0, shared, 0)) {
        throw new AgeException.Malformed("the X25519 share is a low-order point");
      }
      byte[] wrapKey = Primitives.hkdf(shared, Primitives.concat(share, publicKey), X25519Recipient.LABEL);
      return Primitives.openFileKey(wrapKey, Primitives.ZERO_NONCE, body);
    } finally {
      Primitives.zero(shared);
    }
  }

  @Override
  public void close() {
    Primitives.zero(secret);
  }
}

package org.amana.crypto;

import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** The native age recipient {@code age1…} (C2SP age, "The X25519 recipient type"). */
public final class X25519Recipient implements Recipient {
  static final String TYPE = "X25519";
  static final String LABEL = "age-encryption.org/v1/X25519";
  static final String HRP = "age";

  private final byte[] publicKey;

  X25519Recipient(byte[] publicKey) {
    this.publicKey = publicKey.clone();
  }

  /** Parses an {@code age1…} string. */
  public static X25519Recipient parse(String s) {
    Bech32.Decoded d = Bech32.decode(s);
    if (!d.hrp().equals(HRP) || d.data().length != 32) throw new IllegalArgumentException("not an age1… X25519 recipient");
    if (isLowOrder(d.data())) {
      throw new IllegalArgumentException("not a usable X25519 key (a low-order point: no one could open the file)");
    }
    return new X25519Recipient(d.data());
  }

  /**
   * Whether every X25519 agreement with {@code u} is all zeros, so that {@link #wrap} must fail.
   * The all-zero scalar tells: X25519 clamps it to 2^254, a multiple of the cofactor but of neither
   * large prime order, which sends exactly the small-order points (of the curve or its twist) to zero.
   */
  static boolean isLowOrder(byte[] u) {
    byte[] shared = new byte[32];
    return !X25519.calculateAgreement(new byte[32], 0, u, 0, shared, 0);
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) {
    byte[] ephemeral = Primitives.random(32);
    byte[] share = new byte[32];
    byte[] shared = new byte[32];
    try {
      X25519.scalarMultBase(ephemeral, 0, share, 0);
      if (!X25519.calculateAgreement(ephemeral, 0, publicKey, 0, shared, 0)) {
        throw new IllegalStateException("the recipient's public key is a low-order point");
      }
      byte[] wrapKey = Primitives.hkdf(shared, Primitives.concat(share, publicKey), LABEL);
      byte[] body = Primitives.seal(wrapKey, Primitives.ZERO_NONCE, fileKey);
      Primitives.zero(wrapKey);
      return List.of(new Stanza(TYPE, List.of(B64.encode(share)), body));
    } finally {
      Primitives.zero(ephemeral, shared);
    }
  }

  @Override
  public String encoded() {
    return Bech32.encode(HRP, publicKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519Recipient r && java.util.Arrays.equals(publicKey, r.publicKey);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return encoded();
  }
}

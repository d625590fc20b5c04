package org.amana.crypto;

import java.util.Arrays;
import java.util.List;

/**
 * The native tagged recipient {@code age1tag1…} for P-256 keys on hardware tokens (C2SP age, "The
 * tagged recipient types"; age v1.3): HPKE base mode with DHKEM(P-256, HKDF-SHA256),
 * HKDF-SHA256 and ChaCha20-Poly1305. Files sealed to it open with age ≥ 1.3 and its plugins.
 *
 * <p>Security guarantees: every {@link #wrap} uses a fresh ephemeral key; the 4-byte tag lets
 * the matching token skip stanzas for other keys without an ECDH, and differs in every file.
 */
public final class P256TagRecipient implements Recipient {
  static final String TYPE = "p256tag";
  static final String LABEL = "age-encryption.org/p256tag";
  static final String HRP = "age1tag";

  private final byte[] compressed;
  private final byte[] uncompressed;

  private P256TagRecipient(byte[] sec1) {
    this.compressed = P256.compress(sec1);
    this.uncompressed = P256.uncompress(sec1);
  }

  /** Parses an {@code age1tag1…} string. */
  public static P256TagRecipient parse(String s) {
    Bech32.Decoded d = Bech32.decode(s);
    if (!d.hrp().equals(HRP) || d.data().length != P256.COMPRESSED_SIZE) {
      throw new IllegalArgumentException("not an age1tag1… recipient (a 33-byte compressed P-256 key)");
    }
    return new P256TagRecipient(d.data());
  }

  /**
   * The recipient for a P-256 public key: 33 bytes compressed (as the recipient string holds it)
   * or 65 bytes uncompressed (as a token returns it).
   *
   * @throws IllegalArgumentException when the bytes are not a valid P-256 point
   */
  public static P256TagRecipient fromPublicKey(byte[] sec1) {
    return new P256TagRecipient(sec1);
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) {
    try (SoftwareP256 ephemeral = SoftwareP256.generate()) {
      byte[] enc = P256.uncompress(ephemeral.publicKey());
      byte[] dh = ephemeral.agree(P256.publicKey(uncompressed));
      byte[] ss = Hpke.dhkemP256SharedSecret(dh, enc, uncompressed);
      try {
        byte[] body = Hpke.seal(Hpke.KEM_DHKEM_P256, ss, LABEL, fileKey);
        return List.of(Tagged.stanza(TYPE, LABEL, enc, compressed, body));
      } finally {
        Primitives.zero(dh, ss);
      }
    }
  }

  @Override
  public String encoded() {
    return Bech32.encode(HRP, compressed);
  }

  /** The 33-byte compressed public key. */
  public byte[] publicKey() {
    return compressed.clone();
  }

  byte[] uncompressed() {
    return uncompressed.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof P256TagRecipient r && Arrays.equals(compressed, r.compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return encoded();
  }
}

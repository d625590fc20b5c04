package org.amana.crypto;

import java.util.Arrays;
import java.util.List;

/**
 * The YubiKey PIV recipient {@code age1yubikey1…} of age-plugin-yubikey ({@code piv-p256}
 * stanzas): for reviewers whose tools predate age 1.3's {@code p256tag}. New deployments should
 * prefer {@link P256TagRecipient}, whose tag differs in every file.
 *
 * <p>Stanza: {@code -> piv-p256 base64(SHA-256(R)[:4]) base64(epk)}, where epk is a fresh
 * compressed P-256 key; wrap key = HKDF-SHA-256(ikm = x(esk·R), salt = epk || R, info =
 * "piv-p256"); body = ChaCha20-Poly1305(wrap key, zero nonce, file key).
 *
 * <p>Security guarantees: every {@link #wrap} uses a fresh ephemeral key, so the zero nonce is
 * never reused with a key. The tag is the same in every file, so files sealed to one key can be
 * linked to each other by anyone who sees them.
 */
public final class PivP256Recipient implements Recipient {
  static final String TYPE = "piv-p256";
  static final String LABEL = "piv-p256";
  static final String HRP = "age1yubikey";
  static final int TAG_SIZE = 4;

  private final byte[] compressed;

  private PivP256Recipient(byte[] sec1) {
    this.compressed = P256.compress(sec1);
  }

  /** Parses an {@code age1yubikey1…} string. */
  public static PivP256Recipient parse(String s) {
    Bech32.Decoded d = Bech32.decode(s);
    if (!d.hrp().equals(HRP) || d.data().length != P256.COMPRESSED_SIZE) {
      throw new IllegalArgumentException("not an age1yubikey1… recipient (a 33-byte compressed P-256 key)");
    }
    return new PivP256Recipient(d.data());
  }

  /**
   * The recipient for a P-256 public key, 33 bytes compressed or 65 bytes uncompressed.
   *
   * @throws IllegalArgumentException when the bytes are not a valid P-256 point
   */
  public static PivP256Recipient fromPublicKey(byte[] sec1) {
    return new PivP256Recipient(sec1);
  }

  static byte[] tag(byte[] compressed) {
    return Arrays.copyOf(Primitives.sha256(compressed), TAG_SIZE);
  }

  static byte[] wrapKey(byte[] z, byte[] epk, byte[] recipient) {
    return Primitives.hkdf(z, Primitives.concat(epk, recipient), LABEL);
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) {
    try (SoftwareP256 ephemeral = SoftwareP256.generate()) {
      byte[] epk = ephemeral.publicKey();
      byte[] z = ephemeral.agree(P256.publicKey(compressed));
      byte[] key = wrapKey(z, epk, compressed);
      try {
        byte[] body = Primitives.seal(key, Primitives.ZERO_NONCE, fileKey);
        return List.of(new Stanza(TYPE, List.of(B64.encode(tag(compressed)), B64.encode(epk)), body));
      } finally {
        Primitives.zero(z, key);
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

  @Override
  public boolean equals(Object o) {
    return o instanceof PivP256Recipient r && Arrays.equals(compressed, r.compressed);
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

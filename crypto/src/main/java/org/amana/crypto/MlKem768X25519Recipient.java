package org.amana.crypto;

import java.util.Arrays;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The native post-quantum recipient {@code age1pq1…} (C2SP age, "The mlkem768x25519 recipient
 * type"; age v1.3): HPKE base mode with the X-Wing KEM (ML-KEM-768 + X25519), HKDF-SHA256 and
 * ChaCha20-Poly1305.
 *
 * <p>Security guarantees: the file key stays secret as long as either ML-KEM-768 or X25519
 * holds; every {@link #wrap} uses fresh randomness.
 */
public final class MlKem768X25519Recipient implements Recipient {
  static final String TYPE = "mlkem768x25519";
  static final String LABEL = "age-encryption.org/mlkem768x25519";
  static final String HRP = "age1pq";
  static final int X25519_SIZE = 32;
  static final int SIZE = MlKem.EK_SIZE + X25519_SIZE;
  static final int ENC_SIZE = MlKem.CT_SIZE + X25519_SIZE;
  /** The X-Wing combiner's label, {@code \./} then {@code /^\}: six ASCII bytes. */
  static final byte[] XWING_LABEL = Primitives.ascii("\\.//^\\");

  private final byte[] publicKey;

  MlKem768X25519Recipient(byte[] publicKey) {
    if (publicKey.length != SIZE) throw new IllegalArgumentException("an age1pq1… recipient holds " + SIZE + " bytes");
    MlKem.checkEncapsulationKey(Arrays.copyOf(publicKey, MlKem.EK_SIZE));
    if (X25519Recipient.isLowOrder(Arrays.copyOfRange(publicKey, MlKem.EK_SIZE, SIZE))) {
      throw new IllegalArgumentException("not a usable age1pq1… key (its X25519 half is a low-order point)");
    }
    this.publicKey = publicKey.clone();
  }

  /** Parses an {@code age1pq1…} string. */
  public static MlKem768X25519Recipient parse(String s) {
    Bech32.Decoded d = Bech32.decode(s);
    if (!d.hrp().equals(HRP) || d.data().length != SIZE) {
      throw new IllegalArgumentException("not an age1pq1… recipient (ML-KEM-768 + X25519, " + SIZE + " bytes)");
    }
    return new MlKem768X25519Recipient(d.data());
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) {
    byte[] pkX = Arrays.copyOfRange(publicKey, MlKem.EK_SIZE, SIZE);
    MlKem.Encapsulated m = MlKem.encapsulate(Arrays.copyOf(publicKey, MlKem.EK_SIZE));
    byte[] ephemeral = Primitives.random(X25519_SIZE);
    byte[] ctX = new byte[X25519_SIZE];
    byte[] ssX = new byte[X25519_SIZE];
    byte[] ss = null;
    try {
      X25519.scalarMultBase(ephemeral, 0, ctX, 0);
      if (!X25519.calculateAgreement(ephemeral, 0, pkX, 0, ssX, 0)) {
        throw new IllegalStateException("the recipient's X25519 key is a low-order point");
      }
      ss = combine(m.secret(), ssX, ctX, pkX);
      byte[] body = Hpke.seal(Hpke.KEM_MLKEM768_X25519, ss, LABEL, fileKey);
      return List.of(new Stanza(TYPE, List.of(B64.encode(Primitives.concat(m.ciphertext(), ctX))), body));
    } finally {
      Primitives.zero(ephemeral, ssX, ss, m.secret());
    }
  }

  /** The X-Wing combiner: SHA3-256(ssM || ssX || ctX || pkX || label). */
  static byte[] combine(byte[] ssM, byte[] ssX, byte[] ctX, byte[] pkX) {
    return MlKem.sha3_256(ssM, ssX, ctX, pkX, XWING_LABEL);
  }

  @Override
  public boolean postQuantum() {
    return true;
  }

  @Override
  public String encoded() {
    return Bech32.encode(HRP, publicKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlKem768X25519Recipient r && Arrays.equals(publicKey, r.publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return encoded();
  }
}

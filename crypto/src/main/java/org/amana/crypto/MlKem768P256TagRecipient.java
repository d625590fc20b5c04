package org.amana.crypto;

import java.util.Arrays;
import java.util.List;

/**
 * The native post-quantum tagged recipient {@code age1tagpq1…} (C2SP age, "The tagged recipient
 * types"; age v1.3): HPKE base mode with MLKEM768-P256 (KEM id 0x0050), HKDF-SHA256 and
 * ChaCha20-Poly1305. The P-256 half can live on a token; the ML-KEM half is software.
 *
 * <p>The key is the ML-KEM-768 encapsulation key (1184 bytes) followed by the uncompressed P-256
 * key (65 bytes). The KEM combiner is SHA3-256(ssM || ssP || ctP || pkP || "MLKEM768-P256"),
 * where ssP is the raw ECDH x-coordinate (as typage 0.3.1 / @noble/post-quantum 0.5.4 compute it).
 *
 * <p>Security guarantees: the file key stays secret as long as either ML-KEM-768 or P-256 holds;
 * every {@link #wrap} uses fresh randomness; the tag differs in every file.
 */
public final class MlKem768P256TagRecipient implements Recipient {
  static final String TYPE = "mlkem768p256tag";
  static final String LABEL = "age-encryption.org/mlkem768p256tag";
  static final String HRP = "age1tagpq";
  static final int SIZE = MlKem.EK_SIZE + P256.UNCOMPRESSED_SIZE;
  static final int ENC_SIZE = MlKem.CT_SIZE + P256.UNCOMPRESSED_SIZE;
  private static final byte[] COMBINER_LABEL = Primitives.ascii("MLKEM768-P256");

  private final byte[] ek;
  private final byte[] p256;

  private MlKem768P256TagRecipient(byte[] ek, byte[] p256PublicKey) {
    MlKem.checkEncapsulationKey(ek);
    this.ek = ek.clone();
    this.p256 = P256.uncompress(p256PublicKey);
  }

  /** Parses an {@code age1tagpq1…} string. */
  public static MlKem768P256TagRecipient parse(String s) {
    Bech32.Decoded d = Bech32.decode(s);
    byte[] data = d.data();
    if (!d.hrp().equals(HRP) || data.length != SIZE || data[MlKem.EK_SIZE] != 0x04) {
      throw new IllegalArgumentException("not an age1tagpq1… recipient (ML-KEM-768 + uncompressed P-256, " + SIZE + " bytes)");
    }
    return new MlKem768P256TagRecipient(Arrays.copyOf(data, MlKem.EK_SIZE), Arrays.copyOfRange(data, MlKem.EK_SIZE, SIZE));
  }

  /**
   * The recipient for an ML-KEM-768 encapsulation key (1184 bytes) and a P-256 public key (33 or
   * 65 bytes).
   *
   * @throws IllegalArgumentException when either key is invalid
   */
  public static MlKem768P256TagRecipient fromPublicKeys(byte[] mlkemEncapsulationKey, byte[] p256PublicKey) {
    return new MlKem768P256TagRecipient(mlkemEncapsulationKey, p256PublicKey);
  }

  @Override
  public List<Stanza> wrap(byte[] fileKey) {
    MlKem.Encapsulated m = MlKem.encapsulate(ek);
    byte[] ssP = null;
    byte[] ss = null;
    try (SoftwareP256 ephemeral = SoftwareP256.generate()) {
      byte[] ctP = P256.uncompress(ephemeral.publicKey());
      ssP = ephemeral.agree(P256.publicKey(p256));
      ss = combine(m.secret(), ssP, ctP, p256);
      byte[] enc = Primitives.concat(m.ciphertext(), ctP);
      byte[] body = Hpke.seal(Hpke.KEM_MLKEM768_P256, ss, LABEL, fileKey);
      return List.of(Tagged.stanza(TYPE, LABEL, enc, p256, body));
    } finally {
      Primitives.zero(ssP, ss, m.secret());
    }
  }

  /** The MLKEM768-P256 combiner: SHA3-256(ssM || ssP || ctP || pkP || "MLKEM768-P256"). */
  static byte[] combine(byte[] ssM, byte[] ssP, byte[] ctP, byte[] pkP) {
    return MlKem.sha3_256(ssM, ssP, ctP, pkP, COMBINER_LABEL);
  }

  /** The 65-byte uncompressed P-256 half, over which the tag's key hash is computed. */
  byte[] p256() {
    return p256.clone();
  }

  @Override
  public boolean postQuantum() {
    return true;
  }

  @Override
  public String encoded() {
    return Bech32.encode(HRP, Primitives.concat(ek, p256));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlKem768P256TagRecipient r && Arrays.equals(ek, r.ek) && Arrays.equals(p256, r.p256);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ek) + Arrays.hashCode(p256);
  }

  @Override
  public String toString() {
    return encoded();
  }
}

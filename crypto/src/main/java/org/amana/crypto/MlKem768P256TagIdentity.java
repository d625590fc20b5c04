package org.amana.crypto;

import java.util.Arrays;

/**
 * Opens {@code mlkem768p256tag} stanzas. The P-256 half is a {@link P256KeyAgreement} (a token,
 * or {@link SoftwareP256} for tests and recovery); the ML-KEM-768 half is a 64-byte seed (d || z)
 * held in software. Amana keeps that seed sealed to the token's own {@code p256tag} recipient, so
 * only the token unlocks it; this class just takes the seed.
 *
 * <p>Security guarantees: the stanza is fully checked and its tag compared (in constant time)
 * before any ECDH; the token never sees a point that is not on the curve. A body that does not
 * authenticate is "not mine". {@link #close} zeroes the ML-KEM seed.
 */
public final class MlKem768P256TagIdentity implements Identity, AutoCloseable {
  private final P256KeyAgreement p256;
  private final byte[] mlkemSeed;
  private final MlKem768P256TagRecipient recipient;

  /** A fresh ML-KEM-768 seed and the recipient it makes with a given P-256 key. */
  public static final class GeneratedSeed implements AutoCloseable {
    private final byte[] seed;
    private final MlKem768P256TagRecipient recipient;

    private GeneratedSeed(byte[] seed, MlKem768P256TagRecipient recipient) {
      this.seed = seed;
      this.recipient = recipient;
    }

    /** A copy of the 64-byte seed, to be sealed for safekeeping; the caller zeroes it. */
    public byte[] insecureMlkemSeed() {
      return seed.clone();
    }

    public MlKem768P256TagRecipient recipient() {
      return recipient;
    }

    @Override
    public void close() {
      Primitives.zero(seed);
    }
  }

  /**
   * Takes copies: the caller keeps and zeroes its own seed array.
   *
   * @throws IllegalArgumentException when the seed is not 64 bytes
   */
  public MlKem768P256TagIdentity(P256KeyAgreement p256, byte[] mlkemSeed) {
    if (mlkemSeed.length != MlKem.SEED_SIZE) throw new IllegalArgumentException("an ML-KEM-768 seed is 64 bytes");
    this.p256 = p256;
    this.mlkemSeed = mlkemSeed.clone();
    this.recipient = MlKem768P256TagRecipient.fromPublicKeys(MlKem.encapsulationKey(this.mlkemSeed), p256.publicKey());
  }

  /** Generates the ML-KEM half for a P-256 public key (33 or 65 bytes, e.g. a token's). */
  public static GeneratedSeed generateSeed(byte[] p256PublicKey) {
    byte[] seed = Primitives.random(MlKem.SEED_SIZE);
    return new GeneratedSeed(seed, MlKem768P256TagRecipient.fromPublicKeys(MlKem.encapsulationKey(seed), p256PublicKey));
  }

  public MlKem768P256TagRecipient recipient() {
    return recipient;
  }

  @Override
  public byte[] unwrap(Stanza stanza) throws AgeException {
    String type = MlKem768P256TagRecipient.TYPE;
    byte[] pkP = recipient.p256();
    Tagged.Parsed p = Tagged.parse(stanza, type, MlKem768P256TagRecipient.LABEL, MlKem768P256TagRecipient.ENC_SIZE, MlKem.CT_SIZE, pkP);
    byte[] ctP = Arrays.copyOfRange(p.enc(), MlKem.CT_SIZE, p.enc().length);
    byte[] ssP = P256.agree(p256, p.ephemeral());
    byte[] ssM = null;
    byte[] ss = null;
    try {
      ssM = MlKem.decapsulate(mlkemSeed, Arrays.copyOf(p.enc(), MlKem.CT_SIZE));
      ss = MlKem768P256TagRecipient.combine(ssM, ssP, ctP, pkP);
      byte[] fileKey = Hpke.open(Hpke.KEM_MLKEM768_P256, ss, MlKem768P256TagRecipient.LABEL, p.body());
      // A 32-bit tag can collide; a body that does not authenticate is then someone else's.
      if (fileKey == null) throw new AgeException.NotMine();
      return fileKey;
    } finally {
      Primitives.zero(ssP, ssM, ss);
    }
  }

  @Override
  public void close() {
    Primitives.zero(mlkemSeed);
  }
}

package org.amana.crypto;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A software post-quantum identity ({@code AGE-SECRET-KEY-PQ-1…}, a 32-byte seed) for
 * {@code mlkem768x25519} stanzas. The seed expands with SHAKE256 into the ML-KEM-768 seed (64
 * bytes, d || z) and the X25519 scalar (32 bytes).
 *
 * <p>Security guarantees: structural faults are fatal ({@link AgeException.Malformed}), including
 * an all-zero X25519 shared secret; a body that does not authenticate is "not mine". {@link
 * #close} zeroes the key material.
 */
public final class MlKem768X25519Identity implements Identity, AutoCloseable {
  static final String HRP = "AGE-SECRET-KEY-PQ-";
  private static final int SEED_SIZE = 32;
  private static final int X25519_SIZE = MlKem768X25519Recipient.X25519_SIZE;

  private final byte[] seed;
  private final byte[] mlkemSeed;
  private final byte[] x25519Secret;
  private final byte[] x25519Public = new byte[X25519_SIZE];

  private MlKem768X25519Identity(byte[] seed) {
    this.seed = seed.clone();
    byte[] expanded = MlKem.shake256(seed, MlKem.SEED_SIZE + X25519_SIZE);
    this.mlkemSeed = Arrays.copyOf(expanded, MlKem.SEED_SIZE);
    this.x25519Secret = Arrays.copyOfRange(expanded, MlKem.SEED_SIZE, expanded.length);
    Primitives.zero(expanded);
    X25519.scalarMultBase(x25519Secret, 0, x25519Public, 0);
  }

  public static MlKem768X25519Identity generate() {
    byte[] s = Primitives.random(SEED_SIZE);
    try {
      return new MlKem768X25519Identity(s);
    } finally {
      Primitives.zero(s);
    }
  }

  /** Parses an {@code AGE-SECRET-KEY-PQ-1…} string. */
  public static MlKem768X25519Identity parse(String s) {
    if (!s.startsWith(HRP + "1")) throw new IllegalArgumentException("not an AGE-SECRET-KEY-PQ-1… identity");
    Bech32.Decoded d = Bech32.decode(s);
    try {
      // The whole prefix, not just its start: "AGE-SECRET-KEY-1XYZ1…" is another Bech32 string.
      if (!d.hrp().equals(HRP.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("the prefix is not " + HRP + "1");
      }
      if (d.data().length != SEED_SIZE) throw new IllegalArgumentException("a post-quantum identity holds 32 bytes");
      return new MlKem768X25519Identity(d.data());
    } finally {
      Primitives.zero(d.data());
    }
  }

  public MlKem768X25519Recipient recipient() {
    return new MlKem768X25519Recipient(Primitives.concat(MlKem.encapsulationKey(mlkemSeed), x25519Public));
  }

  /** The secret seed as text, for writing an identity file the operator was warned about. */
  public String insecureEncoding() {
    return Bech32.encode(HRP, seed);
  }

  @Override
  public byte[] unwrap(Stanza stanza) throws AgeException {
    String type = MlKem768X25519Recipient.TYPE;
    if (!stanza.type().equals(type)) throw new AgeException.NotMine();
    if (stanza.args().size() != 1) throw new AgeException.Malformed("an " + type + " stanza must have exactly one argument");
    byte[] enc;
    try {
      enc = B64.decode(stanza.args().getFirst(), MlKem768X25519Recipient.ENC_SIZE);
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("the " + type + " enc is not " + MlKem768X25519Recipient.ENC_SIZE + " bytes of canonical base64");
    }
    byte[] body = stanza.body();
    if (body.length != 32) throw new AgeException.Malformed("an " + type + " stanza body must be 32 bytes");
    byte[] ctX = Arrays.copyOfRange(enc, MlKem.CT_SIZE, enc.length);
    byte[] ssX = new byte[X25519_SIZE];
    byte[] ssM = null;
    byte[] ss = null;
    try {
      if (!X25519.calculateAgreement(x25519Secret, 0, ctX, 0, ssX, 0)) {
        throw new AgeException.Malformed("the X25519 part of the " + type + " enc is a low-order point");
      }
      ssM = MlKem.decapsulate(mlkemSeed, Arrays.copyOf(enc, MlKem.CT_SIZE));
      ss = MlKem768X25519Recipient.combine(ssM, ssX, ctX, x25519Public);
      byte[] fileKey = Hpke.open(Hpke.KEM_MLKEM768_X25519, ss, MlKem768X25519Recipient.LABEL, body);
      if (fileKey == null) throw new AgeException.NotMine();
      return fileKey;
    } finally {
      Primitives.zero(ssX, ssM, ss);
    }
  }

  @Override
  public void close() {
    Primitives.zero(seed, mlkemSeed, x25519Secret);
  }
}

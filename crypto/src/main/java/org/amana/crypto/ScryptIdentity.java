package org.amana.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Opens passphrase-sealed age files ({@code scrypt} stanzas). Amana never seals with passphrases;
 * this exists so that a reviewer can open such a file received from elsewhere.
 */
public final class ScryptIdentity implements Identity {
  static final String TYPE = "scrypt";
  private static final String LABEL = "age-encryption.org/v1/scrypt";
  /** The highest work factor accepted: 2^22 × 1 KiB = 4 GiB of work, as the reference allows. */
  static final int MAX_LOG_N = 22;

  private final byte[] passphrase;

  public ScryptIdentity(char[] passphrase) {
    this.passphrase = new String(passphrase).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] unwrap(Stanza stanza) throws AgeException {
    if (!stanza.type().equals(TYPE)) throw new AgeException.NotMine();
    if (stanza.args().size() != 2) throw new AgeException.Malformed("an scrypt stanza must have two arguments");
    byte[] salt;
    try {
      salt = B64.decode(stanza.args().get(0), 16);
    } catch (IllegalArgumentException e) {
      throw new AgeException.Malformed("the scrypt salt is not 16 bytes of canonical base64");
    }
    String factor = stanza.args().get(1);
    if (!factor.matches("[1-9][0-9]{0,2}")) throw new AgeException.Malformed("the scrypt work factor is malformed");
    int logN = Integer.parseInt(factor);
    if (logN > MAX_LOG_N) throw new AgeException.Malformed("the scrypt work factor " + logN + " is above the limit of " + MAX_LOG_N);
    byte[] body = stanza.body();
    if (body.length != 32) throw new AgeException.Malformed("an scrypt stanza body must be 32 bytes");
    // scrypt needs 1 KiB × N of memory (r = 8): refuse what this JVM cannot hold, rather than fail with OutOfMemoryError.
    long need = 1024L << logN;
    if (need > Runtime.getRuntime().maxMemory() / 2) {
      throw new AgeException.Malformed("the scrypt work factor " + logN + " needs " + (need >> 20)
          + " MiB of memory, more than this program may use; give it more (-Xmx) to open this file");
    }
    byte[] key = SCrypt.generate(passphrase, Primitives.concat(Primitives.ascii(LABEL), salt), 1 << logN, 8, 1, 32);
    return Primitives.openFileKey(key, Primitives.ZERO_NONCE, body);
  }
}

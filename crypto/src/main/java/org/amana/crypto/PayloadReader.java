package org.amana.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The age STREAM payload, read. Each chunk's plaintext is released only after its tag verifies; a
 * truncated, extended or reordered payload fails with {@link AgeException.Payload}. Memory is two
 * chunk buffers, whatever the file's size.
 *
 * <p>A full-size chunk may be the last one, which its length cannot show: as in the reference
 * implementation it is tried with the non-final nonce first, then with the final one.
 */
final class PayloadReader extends InputStream {
  private static final int CHUNK = PayloadWriter.CHUNK;
  private static final int SEALED = CHUNK + PayloadWriter.TAG;

  private final InputStream in;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] sealed = new byte[SEALED];
  private final byte[] plain = new byte[SEALED];
  private final byte[] nonce = new byte[12];
  private int pos;
  private int limit;
  private long counter;
  private boolean sawLast;
  private boolean checkedTrailing;
  private AgeException failure;

  PayloadReader(InputStream in, byte[] payloadKey) {
    this.in = in;
    this.key = new SecretKeySpec(payloadKey, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    while (pos == limit) {
      if (!nextChunk()) return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(plain, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  @Override
  public void close() throws IOException {
    java.util.Arrays.fill(plain, (byte) 0);
    in.close();
  }

  /** Loads and authenticates the next chunk; false at a verified end of the payload. */
  private boolean nextChunk() throws IOException {
    if (failure != null) throw failure;
    if (sawLast) {
      if (!checkedTrailing) {
        checkedTrailing = true;
        if (in.read() >= 0) throw fail(AgeException.Payload.Kind.TRAILING_DATA,
            "the sealed file has data after its last chunk: it was altered");
      }
      return false;
    }
    int n = in.readNBytes(sealed, 0, SEALED);
    if (n == 0) {
      throw fail(AgeException.Payload.Kind.TRUNCATED,
          counter == 0 ? "the sealed file has no payload: it was cut short"
              : "the sealed file ends before its last chunk: it was cut short");
    }
    if (n < PayloadWriter.TAG) {
      throw fail(AgeException.Payload.Kind.TRUNCATED, "the sealed file ends inside a chunk: it was cut short");
    }
    pos = 0;
    if (n < SEALED) {
      // A short read can only be the last chunk; nothing may follow, as EOF was reached.
      limit = decrypt(n, true);
      if (limit < 0) throw fail(AgeException.Payload.Kind.TAMPERED, tamperedMessage());
      if (limit == 0 && counter > 0) {
        throw fail(AgeException.Payload.Kind.EMPTY_LAST_CHUNK, "the sealed file ends with an empty chunk: it was altered");
      }
      sawLast = true;
      checkedTrailing = true;
    } else {
      limit = decrypt(n, false);
      if (limit < 0) {
        limit = decrypt(n, true);
        if (limit < 0) throw fail(AgeException.Payload.Kind.TAMPERED, tamperedMessage());
        sawLast = true;
      }
    }
    counter++;
    return true;
  }

  private String tamperedMessage() {
    return "chunk " + counter + " of the sealed file does not authenticate: it was altered, reordered or cut";
  }

  /** Returns the plaintext length, or -1 when the tag does not verify under this nonce. */
  private int decrypt(int n, boolean last) {
    PayloadWriter.setNonce(nonce, counter, last);
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
      return cipher.doFinal(sealed, 0, n, plain, 0);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 failed", e);
    }
  }

  private AgeException fail(AgeException.Payload.Kind kind, String message) {
    pos = limit = 0;
    failure = new AgeException.Payload(kind, message);
    return failure;
  }
}

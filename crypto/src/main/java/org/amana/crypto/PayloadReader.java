package org.amana.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The age STREAM payload, read. Each chunk's plaintext is released only after its tag verifies; a
 * truncated, extended or reordered payload fails with {@link AgeException.Payload}. Memory is a
 * fixed batch of chunk buffers, whatever the file's size; with several threads the chunks of a
 * batch are opened in parallel and released in order, with exactly the sequential semantics.
 *
 * <p>A full-size chunk may be the last one, which its length cannot show: as in the reference
 * implementation it is tried with the non-final nonce first, then with the final one.
 */
final class PayloadReader extends InputStream {
  private static final int SEALED = ChunkCipher.CHUNK + ChunkCipher.TAG;

  private final InputStream in;
  private final ChunkCipher cipher;
  private final byte[][] sealed;
  private final byte[][] plain;
  private final int[] readLength;
  private final int[] plainLength;
  private final boolean[] isFinal;
  private int batch;
  private int slot = -1;
  private int pos;
  private int limit;
  private long counter;
  private boolean sawLast;
  private boolean atEof;
  private AgeException failure;

  PayloadReader(InputStream in, byte[] payloadKey, int threads) {
    this.in = in;
    int slots = threads > 1 ? 4 * threads : 1;
    this.cipher = new ChunkCipher(payloadKey, slots, threads);
    this.sealed = new byte[slots][SEALED];
    this.plain = new byte[slots][SEALED];
    this.readLength = new int[slots];
    this.plainLength = new int[slots];
    this.isFinal = new boolean[slots];
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
    System.arraycopy(plain[slot], pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  @Override
  public void close() throws IOException {
    for (byte[] p : plain) Arrays.fill(p, (byte) 0);
    cipher.close();
    in.close();
  }

  /** Moves to the next authenticated chunk; false at a verified end of the payload. */
  private boolean nextChunk() throws IOException {
    if (failure != null) throw failure;
    if (sawLast) {
      boolean more = slot + 1 < batch || (!atEof && in.read() >= 0);
      atEof = true;
      if (more) throw fail(AgeException.Payload.Kind.TRAILING_DATA, "the sealed file has data after its last chunk: it was altered");
      return false;
    }
    if (++slot == batch) loadBatch();
    int n = readLength[slot];
    if (n == 0) {
      throw fail(AgeException.Payload.Kind.TRUNCATED, counter == 0 ? "the sealed file has no payload: it was cut short"
          : "the sealed file ends before its last chunk: it was cut short");
    }
    if (n < ChunkCipher.TAG) throw fail(AgeException.Payload.Kind.TRUNCATED, "the sealed file ends inside a chunk: it was cut short");
    if (plainLength[slot] < 0) {
      throw fail(AgeException.Payload.Kind.TAMPERED, "chunk " + counter + " of the sealed file does not authenticate: it was altered, reordered or cut");
    }
    if (isFinal[slot]) {
      if (plainLength[slot] == 0 && counter > 0) {
        throw fail(AgeException.Payload.Kind.EMPTY_LAST_CHUNK, "the sealed file ends with an empty chunk: it was altered");
      }
      sawLast = true;
    }
    pos = 0;
    limit = plainLength[slot];
    counter++;
    return true;
  }

  /** Reads up to a batch of sealed chunks (stopping at EOF) and opens them, in parallel if allowed. */
  private void loadBatch() throws IOException {
    batch = 0;
    slot = 0;
    while (batch < sealed.length && !atEof) {
      int n = in.readNBytes(sealed[batch], 0, SEALED);
      if (n == 0) {
        atEof = true;
        break;
      }
      readLength[batch++] = n;
      // A short read can only be the last chunk: EOF was reached.
      if (n < SEALED) atEof = true;
    }
    if (batch == 0) { // EOF exactly at a batch boundary: report it as a missing chunk
      readLength[0] = 0;
      batch = 1;
    }
    long base = counter;
    cipher.forEach(batch, i -> {
      int n = readLength[i];
      plainLength[i] = -1;
      if (n < ChunkCipher.TAG) return;
      if (n == SEALED) plainLength[i] = cipher.open(i, base + i, false, sealed[i], n, plain[i]);
      isFinal[i] = plainLength[i] < 0;
      if (isFinal[i]) plainLength[i] = cipher.open(i, base + i, true, sealed[i], n, plain[i]);
    });
  }

  private AgeException fail(AgeException.Payload.Kind kind, String message) {
    pos = limit = 0;
    failure = new AgeException.Payload(kind, message);
    return failure;
  }
}

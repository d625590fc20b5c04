package org.amana.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The age STREAM payload, written: ChaCha20-Poly1305 over 64 KiB chunks with a counter nonce whose
 * last byte flags the final chunk. Memory is a fixed batch of chunk buffers, whatever the size of
 * the file; with several threads, the chunks of a batch are sealed in parallel.
 */
final class PayloadWriter extends OutputStream {
  static final int CHUNK = ChunkCipher.CHUNK;
  static final int TAG = ChunkCipher.TAG;

  private final OutputStream out;
  private final ChunkCipher cipher;
  private final byte[][] plain;
  private final byte[][] sealed;
  private final int[] sealedLength;
  private int slot;
  private int filled;
  private long counter;
  private boolean closed;

  PayloadWriter(OutputStream out, byte[] payloadKey, int threads) {
    this.out = out;
    int slots = threads > 1 ? 4 * threads : 1;
    this.cipher = new ChunkCipher(payloadKey, slots, threads);
    this.plain = new byte[slots][CHUNK];
    this.sealed = new byte[slots][CHUNK + TAG];
    this.sealedLength = new int[slots];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("the sealed stream is already closed");
    while (len > 0) {
      if (filled == CHUNK) {
        // A full chunk is sealed only once more data arrives: the last chunk may be a full one.
        if (slot == plain.length - 1) flush(plain.length, false);
        else slot++;
        filled = 0;
      }
      int n = Math.min(len, CHUNK - filled);
      System.arraycopy(b, off, plain[slot], filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  /** Seals the last chunk and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      flush(slot + 1, true);
      out.close();
    } finally {
      for (byte[] p : plain) Arrays.fill(p, (byte) 0);
      cipher.close();
    }
  }

  /** Seals slots 0..count-1 (the last of them final if {@code last}) and writes them in order. */
  private void flush(int count, boolean last) throws IOException {
    int lastFilled = filled;
    long base = counter;
    cipher.forEach(count, i -> {
      boolean isLast = last && i == count - 1;
      int len = i == count - 1 ? lastFilled : CHUNK;
      sealedLength[i] = cipher.seal(i, base + i, isLast, plain[i], len, sealed[i]);
    });
    for (int i = 0; i < count; i++) out.write(sealed[i], 0, sealedLength[i]);
    counter += count;
    slot = 0;
  }
}

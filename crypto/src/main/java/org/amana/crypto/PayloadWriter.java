package org.amana.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The age STREAM payload, written: ChaCha20-Poly1305 over 64 KiB chunks with a counter nonce whose
 * last byte flags the final chunk. Memory is two chunk buffers, whatever the file's size.
 */
final class PayloadWriter extends OutputStream {
  static final int CHUNK = 64 * 1024;
  static final int TAG = 16;

  private final OutputStream out;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] plain = new byte[CHUNK];
  private final byte[] sealed = new byte[CHUNK + TAG];
  private final byte[] nonce = new byte[12];
  private int filled;
  private long counter;
  private boolean closed;

  PayloadWriter(OutputStream out, byte[] payloadKey) {
    this.out = out;
    this.key = new SecretKeySpec(payloadKey, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("the sealed stream is already closed");
    while (len > 0) {
      // A full buffer is sealed only once more data arrives: the last chunk may be a full one.
      if (filled == CHUNK) sealChunk(false);
      int n = Math.min(len, CHUNK - filled);
      System.arraycopy(b, off, plain, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  /** Seals the last chunk and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    sealChunk(true);
    closed = true;
    java.util.Arrays.fill(plain, (byte) 0);
    out.close();
  }

  private void sealChunk(boolean last) throws IOException {
    setNonce(nonce, counter, last);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
      int n = cipher.doFinal(plain, 0, filled, sealed, 0);
      out.write(sealed, 0, n);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 failed", e);
    }
    counter++;
    filled = 0;
  }

  /** nonce = 11-byte big-endian chunk counter || last-chunk flag. */
  static void setNonce(byte[] nonce, long counter, boolean last) {
    java.util.Arrays.fill(nonce, (byte) 0);
    for (int i = 0; i < 8; i++) nonce[10 - i] = (byte) (counter >>> (8 * i));
    nonce[11] = (byte) (last ? 1 : 0);
  }
}

package org.amana.crypto;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens STREAM chunks, a batch at a time, on one thread or several. Chunks are
 * independent (each has its own nonce), so a batch can be processed in parallel and written or
 * released in order. One Cipher per slot, because a Cipher is not thread-safe.
 */
final class ChunkCipher implements AutoCloseable {
  static final int CHUNK = 64 * 1024;
  static final int TAG = 16;

  private final SecretKeySpec key;
  private final Cipher[] ciphers;
  private final ExecutorService pool;

  /** @param slots how many chunks a batch holds; @param threads how many threads work on one */
  ChunkCipher(byte[] payloadKey, int slots, int threads) {
    this.key = new SecretKeySpec(payloadKey, "ChaCha20");
    this.ciphers = new Cipher[slots];
    try {
      for (int i = 0; i < slots; i++) ciphers[i] = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "amana-stream");
      t.setDaemon(true);
      return t;
    }) : null;
  }

  int slots() {
    return ciphers.length;
  }

  /** Seals {@code len} bytes of {@code in} as chunk {@code counter} into {@code out}; returns the sealed length. */
  int seal(int slot, long counter, boolean last, byte[] in, int len, byte[] out) {
    try {
      ciphers[slot].init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce(counter, last)));
      return ciphers[slot].doFinal(in, 0, len, out, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 failed", e);
    }
  }

  /** Opens chunk {@code counter}; returns the plaintext length, or -1 when the tag does not verify. */
  int open(int slot, long counter, boolean last, byte[] in, int len, byte[] out) {
    try {
      ciphers[slot].init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce(counter, last)));
      return ciphers[slot].doFinal(in, 0, len, out, 0);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 failed", e);
    }
  }

  /** Runs {@code task} for slots 0..count-1, in parallel when threads were given, and waits. */
  void forEach(int count, IntConsumer task) {
    if (pool == null || count == 1) {
      for (int i = 0; i < count; i++) task.accept(i);
      return;
    }
    List<Future<?>> running = new ArrayList<>(count - 1);
    for (int i = 1; i < count; i++) {
      int slot = i;
      running.add(pool.submit(() -> task.accept(slot)));
    }
    task.accept(0);
    try {
      for (Future<?> f : running) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("chunk cipher failed", e.getCause());
    }
  }

  /** nonce = 11-byte big-endian chunk counter || last-chunk flag. */
  static byte[] nonce(long counter, boolean last) {
    byte[] nonce = new byte[12];
    for (int i = 0; i < 8; i++) nonce[10 - i] = (byte) (counter >>> (8 * i));
    nonce[11] = (byte) (last ? 1 : 0);
    return nonce;
  }

  @Override
  public void close() {
    if (pool != null) pool.shutdownNow();
  }
}

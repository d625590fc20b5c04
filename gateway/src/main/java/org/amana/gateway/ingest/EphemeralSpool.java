package org.amana.gateway.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.amana.gateway.strip.ReadOnlyChannel;
import org.amana.gateway.strip.Source;

/**
 * An uploaded file kept on disk only as AES-256-CTR ciphertext under a key that exists in this
 * object alone, for the few seconds between its arrival and its sealing. Formats such as PDF, ZIP
 * and MP4 must be read out of order to be cleaned, and a file can be larger than memory; this is
 * the one place plaintext could have touched the disk, and it does not. When the process dies the
 * key dies with it, and what is left on disk is noise.
 *
 * <p>Written sequentially by one thread, then read through any number of channels. CTR gives
 * random access: the keystream at byte {@code p} is block {@code p / 16} of the counter sequence.
 * There is no integrity tag: the file lives seconds, in a 0700 folder of this process, and only
 * confidentiality against a later look at the disk is asked of it.
 */
final class EphemeralSpool implements Source, AutoCloseable {
  private final Path path;
  private final FileChannel file;
  private final SecretKeySpec key;
  private final byte[] nonce = new byte[8];
  private final Cipher writeCipher;
  private long size;
  private boolean closed;

  EphemeralSpool(Path folder, SecureRandom random) throws IOException {
    byte[] k = new byte[32];
    random.nextBytes(k);
    random.nextBytes(nonce);
    key = new SecretKeySpec(k, "AES");
    Arrays.fill(k, (byte) 0);
    writeCipher = cipherAt(0);
    path = Files.createTempFile(folder, "spool-", ".bin");
    file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** Appends plaintext, encrypted. Blocking file I/O: call it from a worker thread. */
  void write(byte[] bytes, int offset, int length) throws IOException {
    byte[] ciphertext = writeCipher.update(bytes, offset, length);
    ByteBuffer out = ByteBuffer.wrap(ciphertext);
    while (out.hasRemaining()) file.write(out, size + out.position());
    size += length;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel channel() throws IOException {
    if (closed) throw new ClosedChannelException();
    return new Reader();
  }

  /** Deletes the ciphertext. The key goes with this object. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      file.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Cipher cipherAt(long block) {
    byte[] iv = new byte[16];
    System.arraycopy(nonce, 0, iv, 0, 8);
    for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (block >>> (8 * i));
    try {
      Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is part of every JDK", e);
    }
  }

  /** Decrypts from any position; re-keys the counter only when the position jumps. */
  private final class Reader extends ReadOnlyChannel {
    private long cipherPosition = -1; // where the current cipher's keystream stands
    private Cipher cipher;

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!isOpen() || closed) throw new ClosedChannelException();
      if (position >= size) return -1;
      int n = (int) Math.min(Math.min(dst.remaining(), size - position), 256 * 1024);
      ByteBuffer ciphertext = ByteBuffer.allocate(n);
      while (ciphertext.hasRemaining()) {
        if (file.read(ciphertext, position + ciphertext.position()) < 0) throw new IOException("spool shorter than written");
      }
      if (cipherPosition != position) {
        cipher = cipherAt(position / 16);
        int skip = (int) (position % 16);
        if (skip > 0) cipher.update(new byte[skip]);
      }
      dst.put(cipher.update(ciphertext.array()));
      position += n;
      cipherPosition = position;
      return n;
    }

    @Override
    public long size() {
      return size;
    }
  }
}

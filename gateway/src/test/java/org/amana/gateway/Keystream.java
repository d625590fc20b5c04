package org.amana.gateway;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code size} bytes that look random (AES-CTR keystream under a key made from {@code seed}),
 * made as they are read: never whole in memory, the same for the same seed, and incompressible,
 * so that PostgreSQL's compression cannot flatter a raw write of them. Several GiB/s with AES-NI,
 * far faster than anything it feeds.
 */
final class Keystream extends InputStream {
  private static final int BLOCK = 64 * 1024;
  private final long size;
  private final Cipher cipher;
  private final byte[] zeros = new byte[BLOCK];
  private final byte[] block = new byte[BLOCK];
  private int blockAt = BLOCK;
  private long position;

  Keystream(long size, long seed) {
    this.size = size;
    try {
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      byte[] key = ByteBuffer.allocate(16).putLong(seed).putLong(~seed).array();
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= size) return -1;
    if (blockAt == BLOCK) {
      try {
        cipher.update(zeros, 0, BLOCK, block, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      blockAt = 0;
    }
    int n = (int) Math.min(Math.min(len, BLOCK - blockAt), size - position);
    System.arraycopy(block, blockAt, b, off, n);
    blockAt += n;
    position += n;
    return n;
  }
}

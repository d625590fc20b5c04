package org.amana.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's content made up as it is read: pseudo-random bytes from a seed (so the same seed gives
 * the same bytes every time), optionally with a marker written at the start of every 4 KiB. Never
 * on disk, and never whole in memory; incompressible, so PostgreSQL cannot flatter a raw write of it.
 */
final class GeneratedBytes extends InputStream {
  private static final int BLOCK = 64 * 1024;
  private static final int MARK_EVERY = 4096;

  private final long size;
  private final byte[] marker;
  private final byte[] block = new byte[BLOCK];
  private long state;
  private long position;
  private int blockAt = BLOCK; // the next unread byte of block

  /** @param marker written at every multiple of 4 KiB (null for none; shorter than 4 KiB) */
  GeneratedBytes(long size, long seed, byte[] marker) {
    this.size = size;
    this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    this.marker = marker;
  }

  /** The SHA-256 (hex) of what a stream with these arguments yields. */
  static String sha256(long size, long seed, byte[] marker) {
    try (GeneratedBytes in = new GeneratedBytes(size, seed, marker)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[BLOCK];
      for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
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
    if (blockAt == BLOCK) refill();
    int n = (int) Math.min(Math.min(len, BLOCK - blockAt), size - position);
    System.arraycopy(block, blockAt, b, off, n);
    blockAt += n;
    position += n;
    return n;
  }

  private void refill() {
    for (int i = 0; i < BLOCK; i += 8) {
      state ^= state << 13; // xorshift64
      state ^= state >>> 7;
      state ^= state << 17;
      long v = state;
      for (int j = 0; j < 8; j++, v >>>= 8) block[i + j] = (byte) v;
    }
    if (marker != null) {
      for (int i = 0; i < BLOCK; i += MARK_EVERY) System.arraycopy(marker, 0, block, i, marker.length);
    }
    blockAt = 0;
  }
}

package org.amana.gateway.strip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Bounded reads for the media strippers. Every read states its length up front and is checked
 * against the limits and the file size before a byte is allocated, so a lying size field ends in a
 * {@link StripException}, never in a large allocation or a read past the end.
 */
final class MediaIo {
  private static final int COPY_BUFFER = 64 << 10;

  private MediaIo() {}

  /** Exactly {@code n} bytes at {@code pos}; MALFORMED when the file is shorter, TOO_COMPLEX above the block limit. */
  static byte[] read(SeekableByteChannel ch, long pos, long n, StripLimits limits) throws IOException {
    if (n < 0 || pos < 0) throw StripException.malformed("negative length or position");
    if (n > limits.maxBlockBytes()) throw StripException.tooComplex("block of " + n + " bytes");
    if (pos > ch.size() || n > ch.size() - pos) throw StripException.malformed("truncated");
    byte[] b = new byte[(int) n];
    ByteBuffer buf = ByteBuffer.wrap(b);
    ch.position(pos);
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) throw StripException.malformed("truncated");
    }
    return b;
  }

  /** Copies {@code n} bytes from {@code pos} to {@code out} through a small buffer (the data is never held whole). */
  static void copy(SeekableByteChannel ch, long pos, long n, OutputStream out) throws IOException {
    if (n < 0 || pos < 0 || pos > ch.size() || n > ch.size() - pos) throw StripException.malformed("truncated");
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(COPY_BUFFER, Math.max(n, 1)));
    ch.position(pos);
    long left = n;
    while (left > 0) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), left));
      int r = ch.read(buf);
      if (r < 0) throw StripException.malformed("truncated");
      out.write(buf.array(), 0, r);
      left -= r;
    }
  }

  /** Whether {@code n} bytes from {@code pos} are all zero (padding that hides nothing). */
  static boolean allZero(SeekableByteChannel ch, long pos, long n) throws IOException {
    if (n < 0 || pos < 0 || pos > ch.size() || n > ch.size() - pos) throw StripException.malformed("truncated");
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(COPY_BUFFER, Math.max(n, 1)));
    ch.position(pos);
    long left = n;
    while (left > 0) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), left));
      int r = ch.read(buf);
      if (r < 0) throw StripException.malformed("truncated");
      for (int i = 0; i < r; i++) {
        if (buf.array()[i] != 0) return false;
      }
      left -= r;
    }
    return true;
  }

  static void zeros(OutputStream out, long n) throws IOException {
    byte[] z = new byte[(int) Math.min(COPY_BUFFER, Math.max(n, 1))];
    for (long left = n; left > 0; left -= z.length) out.write(z, 0, (int) Math.min(z.length, left));
  }

  static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  static int u16be(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }

  static int u24be(byte[] b, int i) {
    return (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
  }

  static long u32be(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  static long u32le(byte[] b, int i) {
    return ((long) (b[i + 3] & 0xff) << 24) | (b[i + 2] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
  }

  /** A 64-bit big-endian field; a negative value (above 2^63) is refused as malformed. */
  static long u64be(byte[] b, int i) {
    long v = u32be(b, i) << 32 | u32be(b, i + 4);
    if (v < 0) throw StripException.malformed("64-bit size out of range");
    return v;
  }

  static void put32be(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  static void put64be(byte[] b, int i, long v) {
    put32be(b, i, v >>> 32);
    put32be(b, i + 4, v);
  }

  static void put32le(byte[] b, int i, long v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) (v >>> 16);
    b[i + 3] = (byte) (v >>> 24);
  }

  static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) return false;
    }
    return true;
  }

  static String fourcc(byte[] b, int i) {
    char[] c = new char[4];
    for (int k = 0; k < 4; k++) c[k] = (char) (b[i + k] & 0xff);
    return new String(c);
  }
}

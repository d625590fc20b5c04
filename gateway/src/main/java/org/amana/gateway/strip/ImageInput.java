package org.amana.gateway.strip;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Bounded reads from a {@link Source} for the image strippers: a sequential cursor with a small
 * buffer, random reads at an offset, and copies from one place of the source to the output. Every
 * read is checked against the source's size first (past the end is {@code MALFORMED}), and no read
 * held in memory may exceed {@link StripLimits#maxBlockBytes()} ({@code TOO_COMPLEX}). Reads and
 * copies together may not exceed a few times the file's size: offsets that point many times at the
 * same bytes (TIFF strips, HEIF extents) cannot make a small file expand ({@code TOO_COMPLEX}).
 */
final class ImageInput implements Closeable {
  private final SeekableByteChannel channel;
  private final long size;
  private final StripLimits limits;
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
  private long bufferStart;
  private int bufferLength;
  /** The cursor of the sequential reads. */
  long pos;
  /** Bytes that read and copy may still take: a stripper reads each byte a few times at most. */
  private long budget;

  ImageInput(Source source, StripLimits limits) throws IOException {
    this.channel = source.channel();
    this.size = source.size();
    this.limits = limits;
    this.budget = 4 * size + (1 << 20);
  }

  private void spend(long length) {
    budget -= length;
    if (budget < 0) throw StripException.tooComplex("the file points at the same bytes too many times");
  }

  long size() {
    return size;
  }

  long remaining() {
    return size - pos;
  }

  /** Fails unless {@code length} bytes exist at {@code offset}. */
  void require(long offset, long length) {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw StripException.malformed("truncated: " + length + " bytes at " + offset + " of " + size);
    }
  }

  int byteAt(long p) throws IOException {
    require(p, 1);
    if (p < bufferStart || p >= bufferStart + bufferLength) {
      // Sources may be encrypted spools: read large aligned pieces, not small scattered ones.
      channel.position(p);
      buffer.clear();
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // fill what the channel gives
      }
      bufferStart = p;
      bufferLength = buffer.position();
      if (bufferLength == 0) throw StripException.malformed("source shorter than its size");
    }
    return buffer.get((int) (p - bufferStart)) & 0xff;
  }

  int u8() throws IOException {
    return byteAt(pos++);
  }

  int u16be() throws IOException {
    return (u8() << 8) | u8();
  }

  long u32be() throws IOException {
    return ((long) u16be() << 16) | u16be();
  }

  int u16le() throws IOException {
    return u8() | (u8() << 8);
  }

  long u32le() throws IOException {
    return u16le() | ((long) u16le() << 16);
  }

  /** {@code length} bytes at the cursor, which moves past them. */
  byte[] bytes(long length) throws IOException {
    byte[] b = read(pos, length);
    pos += length;
    return b;
  }

  void skip(long length) {
    require(pos, length);
    pos += length;
  }

  /** {@code length} bytes at {@code offset}, held in memory: bounded by maxBlockBytes. */
  byte[] read(long offset, long length) throws IOException {
    if (length > limits.maxBlockBytes()) throw StripException.tooComplex("block of " + length + " bytes");
    require(offset, length);
    spend(length);
    byte[] out = new byte[(int) length];
    long p = offset;
    while (p < offset + length) {
      int n = buffered(p, offset + length);
      buffer.get((int) (p - bufferStart), out, (int) (p - offset), n);
      p += n;
    }
    return out;
  }

  /** Copies {@code length} bytes at {@code offset} to {@code out} through the buffer. */
  void copy(long offset, long length, OutputStream out) throws IOException {
    require(offset, length);
    spend(length);
    long p = offset;
    while (p < offset + length) {
      int n = buffered(p, offset + length);
      out.write(buffer.array(), (int) (p - bufferStart), n);
      p += n;
    }
  }

  /** Makes the buffer hold {@code p}; returns how many bytes from p up to {@code end} it holds. */
  private int buffered(long p, long end) throws IOException {
    byteAt(p);
    return (int) Math.min(bufferStart + bufferLength - p, end - p);
  }

  /** Copies {@code length} bytes at the cursor, which moves past them. */
  void copy(long length, OutputStream out) throws IOException {
    copy(pos, length, out);
    pos += length;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

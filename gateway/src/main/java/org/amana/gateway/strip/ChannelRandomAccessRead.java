package org.amana.gateway.strip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * PDFBox's view of a {@link Source}: reads through a small window over the source's seekable
 * channel, so the PDF is parsed where it lies (the encrypted spool) instead of being copied into
 * memory or, worse, into a scratch file.
 */
final class ChannelRandomAccessRead implements RandomAccessRead {
  private static final int WINDOW = 1 << 16;

  private final SeekableByteChannel channel;
  private final long length;
  private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
  private long windowStart;
  private long position;
  private boolean closed;

  ChannelRandomAccessRead(SeekableByteChannel channel, long length) {
    this.channel = channel;
    this.length = length;
    window.limit(0);
  }

  @Override
  public int read() throws IOException {
    if (!fill()) return -1;
    int b = window.get((int) (position - windowStart)) & 0xff;
    position++;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (!fill()) return -1;
    int at = (int) (position - windowStart);
    int n = Math.min(len, window.limit() - at);
    window.get(at, b, off, n);
    position += n;
    return n;
  }

  /** Makes the window cover {@link #position}; false at the end. */
  private boolean fill() throws IOException {
    checkOpen();
    if (position >= length) return false;
    if (position >= windowStart && position < windowStart + window.limit()) return true;
    window.clear();
    windowStart = position;
    channel.position(position);
    while (window.hasRemaining()) {
      if (channel.read(window) < 0) break;
    }
    window.flip();
    return window.hasRemaining();
  }

  @Override
  public long getPosition() throws IOException {
    checkOpen();
    return position;
  }

  @Override
  public void seek(long newPosition) throws IOException {
    checkOpen();
    if (newPosition < 0) throw new IOException("negative seek");
    position = Math.min(newPosition, length);
  }

  @Override
  public long length() throws IOException {
    checkOpen();
    return length;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean isEOF() throws IOException {
    checkOpen();
    return position >= length;
  }

  @Override
  public RandomAccessReadView createView(long start, long viewLength) throws IOException {
    checkOpen();
    return new RandomAccessReadView(this, start, viewLength);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  private void checkOpen() throws IOException {
    if (closed) throw new IOException("closed");
  }
}

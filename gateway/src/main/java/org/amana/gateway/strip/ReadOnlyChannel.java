package org.amana.gateway.strip;

import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The part every read-only channel over a {@link Source} shares: a position, open or closed, and
 * refusals to write. Subclasses read from wherever the bytes are (an array, the encrypted spool).
 */
public abstract class ReadOnlyChannel implements SeekableByteChannel {
  protected long position;
  private boolean open = true;

  @Override
  public final int write(java.nio.ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public final long position() {
    return position;
  }

  @Override
  public final SeekableByteChannel position(long newPosition) {
    if (newPosition < 0) throw new IllegalArgumentException("negative position");
    position = newPosition;
    return this;
  }

  @Override
  public final SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public final void close() {
    open = false;
  }
}

package org.amana.gateway.strip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The bytes of one received file, readable as often and wherever a stripper needs (formats such
 * as PDF, ZIP and MP4 keep their index at the end). In the gateway this is the encrypted spool of
 * the upload ({@code EphemeralSpool}); in tests, bytes in memory.
 */
public interface Source {
  long size();

  /** A new read-only channel positioned at 0. Closing it does not close the source. */
  SeekableByteChannel channel() throws IOException;

  /** The whole file from its start, as a stream. */
  default InputStream stream() throws IOException {
    return Channels.newInputStream(channel());
  }

  static Source of(byte[] bytes) {
    return new Source() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public SeekableByteChannel channel() {
        return new ArrayChannel(bytes);
      }
    };
  }

  /** A read-only channel over an array, for {@link #of(byte[])}. */
  final class ArrayChannel extends ReadOnlyChannel {
    private final byte[] bytes;

    ArrayChannel(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!isOpen()) throw new ClosedChannelException();
      if (position >= bytes.length) return -1;
      int n = (int) Math.min(dst.remaining(), bytes.length - position);
      dst.put(bytes, (int) position, n);
      position += n;
      return n;
    }

    @Override
    public long size() {
      return bytes.length;
    }
  }
}

package org.amana.gateway.strip;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Remembers whether writing the output failed, so that a stripper can tell an output error
 * (passed on as IOException) from a library's IOException about a bad input (MALFORMED).
 */
final class TrackedOutput extends FilterOutputStream {
  private boolean failed;

  TrackedOutput(OutputStream out) {
    super(out);
  }

  boolean failed() {
    return failed;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      out.write(b, off, len);
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      failed = true;
      throw e;
    }
  }

  /** The caller owns the stream underneath: closing only flushes. */
  @Override
  public void close() throws IOException {
    flush();
  }
}

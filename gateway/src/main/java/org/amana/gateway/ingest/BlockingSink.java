package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutionException;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobWriter;

/**
 * Where the sealer writes when it runs on a worker thread (a file being cleaned of metadata):
 * gathers sealed bytes into rows like {@link SealedSink}, but waits for each row to be stored
 * before taking more, so the database's pace holds the worker back and memory stays one row.
 */
final class BlockingSink extends OutputStream {
  private final BlobWriter writer;
  private final MessageDigest sha256;
  private byte[] row = new byte[BlobWriter.RECOMMENDED_APPEND_BYTES];
  private int filled;
  private long size;

  BlockingSink(BlobWriter writer) {
    this.writer = writer;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    sha256.update(b, off, len);
    size += len;
    while (len > 0) {
      int n = Math.min(len, row.length - filled);
      System.arraycopy(b, off, row, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == row.length) store();
    }
  }

  /** After the sealer is closed: stores the last row and finishes the blob with its size and hash. */
  BlobInfo finish() throws IOException {
    if (filled > 0) store();
    row = null;
    return await(writer.finish(size, sha256.digest()));
  }

  private void store() throws IOException {
    await(writer.append(Buffer.buffer(filled == row.length ? row.clone() : java.util.Arrays.copyOf(row, filled))));
    filled = 0;
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while storing");
    } catch (ExecutionException e) {
      throw new IOException("storing a sealed row failed", e.getCause());
    }
  }
}

package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobWriter;

/**
 * Where the sealer writes: gathers sealed bytes into rows of about 256 KiB and stores each with
 * one append at a time. While an append is in flight it asks the upload to pause ({@link #onBusy}),
 * and resumes it when the row is stored, so the database's pace reaches the defender's socket and
 * memory stays bounded whatever the file's size. Runs on the request's event loop.
 */
final class SealedSink extends OutputStream {
  /**
   * A row's buffer, sized up front: a row plus one sealed chunk (64 KiB and its tag) and some slack.
   * Left to grow by doubling it would reach 512 KiB for 256 KiB of data, which the G1 collector of
   * a small heap (1 MiB regions) stores as a humongous object in a region of its own: 1 MiB of heap
   * per upload, enough for 200 slow uploads to exhaust a 256 MiB heap (ops/bench ingest).
   */
  private static final int ROW_CAPACITY = BlobWriter.RECOMMENDED_APPEND_BYTES + 80 * 1024;

  private final BlobWriter writer;
  private final Runnable pause;
  private final Runnable resume;
  private final MessageDigest sha256;
  private Buffer pending = Buffer.buffer(); // replaced by a full-size row buffer on the first write
  private Future<Void> inFlight;
  private long size;
  private Throwable failure;
  private Promise<Void> drained;

  SealedSink(BlobWriter writer, Runnable pause, Runnable resume) {
    this.writer = writer;
    this.pause = pause;
    this.resume = resume;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    sha256.update(b, off, len);
    size += len;
    // Allocated when bytes come, not when the previous row leaves: while that row waits for the
    // database the upload is paused, and the two buffers need not exist at the same time.
    if (pending.length() == 0 && len > 0) pending = Buffer.buffer(ROW_CAPACITY);
    pending.appendBytes(b, off, len);
    if (pending.length() >= BlobWriter.RECOMMENDED_APPEND_BYTES) flush();
  }

  /** The sealer closes its output when it has written the last chunk; nothing to do here. */
  @Override
  public void close() {}

  /** Stores what is pending, if no append is in flight; the upload pauses until it is stored. */
  @Override
  public void flush() {
    if (inFlight != null || failure != null || pending.length() == 0) return;
    Buffer row = pending.length() <= BlobWriter.MAX_APPEND_BYTES ? pending : pending.getBuffer(0, BlobWriter.RECOMMENDED_APPEND_BYTES);
    pending = row == pending ? Buffer.buffer() : pending.getBuffer(row.length(), pending.length());
    pause.run();
    inFlight = writer.append(row);
    inFlight.onComplete(ar -> {
      inFlight = null;
      if (ar.failed()) {
        failure = ar.cause();
        if (drained != null) drained.tryFail(failure);
        return;
      }
      if (pending.length() >= BlobWriter.RECOMMENDED_APPEND_BYTES || (drained != null && pending.length() > 0)) {
        flush();
      } else if (drained != null) {
        drained.tryComplete();
      } else {
        resume.run();
      }
    });
  }

  /** After the sealer is closed: stores the rest and finishes the blob with its size and hash. */
  Future<BlobInfo> finish() {
    if (failure != null) return Future.failedFuture(failure);
    drained = Promise.promise();
    if (inFlight == null) {
      if (pending.length() > 0) flush();
      else drained.tryComplete();
    }
    return drained.future().compose(v -> writer.finish(size, sha256.digest()));
  }
}

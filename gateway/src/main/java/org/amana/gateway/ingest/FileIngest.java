package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongPredicate;
import org.amana.crypto.Age;
import org.amana.crypto.Recipient;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobWriter;
import org.apache.tika.Tika;

/**
 * One uploaded file, streamed: hashed as received, sealed to every recipient as it arrives, and
 * stored in rows. The plaintext exists only in the buffers of this object, for the moment it
 * passes through. Its type is detected from its first bytes (never the client's claim).
 */
final class FileIngest {
  /** Enough for Tika's magic-byte detection of every common format. */
  private static final int HEAD = 64 * 1024;
  private static final Tika TIKA = new Tika();

  /** What the sealed manifest records about one file. */
  record Facts(int ordinal, String name, String detectedType, long size, String sha256Received, String sealedSha256) {}

  private final HttpServerFileUpload upload;
  private final int ordinal;
  private final MessageDigest sha256;
  private final byte[] head = new byte[HEAD];
  private int headLength;
  private long size;
  private final LongPredicate withinLimits;
  private final Promise<Facts> done = Promise.promise();
  private SealedSink sink;
  private OutputStream sealer;

  /**
   * @param withinLimits told each new byte count; false means a limit was crossed and the upload
   *     is abandoned (the caller fails the whole request)
   */
  FileIngest(HttpServerFileUpload upload, int ordinal, LongPredicate withinLimits) {
    this.upload = upload;
    this.ordinal = ordinal;
    this.withinLimits = withinLimits;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts streaming into {@code writer}; completes when the file is sealed and stored. */
  Future<Facts> start(BlobWriter writer, List<Recipient> recipients) {
    sink = new SealedSink(writer, upload::pause, upload::resume);
    try {
      sealer = Age.seal(sink, recipients);
    } catch (IOException | RuntimeException e) {
      done.tryFail(e);
      return done.future();
    }
    upload.exceptionHandler(done::tryFail);
    upload.handler(this::accept);
    upload.endHandler(v -> end());
    upload.resume();
    return done.future();
  }

  private void accept(Buffer data) {
    if (done.future().isComplete()) return;
    byte[] bytes = data.getBytes();
    size += bytes.length;
    if (!withinLimits.test(bytes.length)) {
      done.tryFail(new IngestException(IngestException.Reason.FILE_TOO_LARGE));
      return;
    }
    sha256.update(bytes);
    if (headLength < HEAD) {
      int n = Math.min(HEAD - headLength, bytes.length);
      System.arraycopy(bytes, 0, head, headLength, n);
      headLength += n;
    }
    try {
      sealer.write(bytes);
    } catch (IOException e) {
      done.tryFail(e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private void end() {
    if (done.future().isComplete()) return;
    try {
      sealer.close(); // writes the last chunk into the sink
    } catch (IOException e) {
      done.tryFail(e);
      return;
    }
    String type = TIKA.detect(Arrays.copyOf(head, headLength));
    Arrays.fill(head, (byte) 0);
    sink.finish().onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      BlobInfo info = ar.result();
      done.tryComplete(new Facts(ordinal, upload.filename(), type, size,
          HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(info.sealedSha256())));
    });
  }

  /** Stops reading this file after a failure elsewhere; what was sealed is removed with the submission. */
  void abort() {
    done.tryFail(new IngestException(IngestException.Reason.CUT_OFF));
    Arrays.fill(head, (byte) 0);
  }
}

package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.amana.crypto.Age;
import org.amana.crypto.Recipient;
import org.amana.gateway.strip.StripException;
import org.amana.gateway.strip.Stripped;
import org.amana.gateway.strip.Stripper;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobWriter;
import org.apache.tika.Tika;

/**
 * One uploaded file: hashed as received, its type detected from its first bytes (never the
 * client's claim), cleaned of identifying metadata unless the defender chose to keep it as it is,
 * sealed to every recipient and stored in rows.
 *
 * <p>Kept as it is, the file streams straight into the sealer and its plaintext exists only in
 * the buffers passing through. To be cleaned it is first spooled under an in-memory key
 * ({@link EphemeralSpool}), because most formats must be read out of order; then a worker strips
 * it into the sealer. A file that cannot be cleaned is sealed as received and flagged: the
 * defender decides whether to send it ({@link MetadataOutcome#needsDecision()}).
 */
final class FileIngest {
  /** Enough for Tika's magic-byte detection of every common format. */
  private static final int HEAD = 64 * 1024;
  /** Plaintext gathered before one spool write: few worker hops, little memory. */
  private static final int SPOOL_BATCH = 128 * 1024;
  private static final Tika TIKA = new Tika();

  /** What the sealed manifest records about one file. */
  record Facts(int ordinal, String name, String detectedType, long size, String sha256Received, long storedSize,
      String sha256Stored, String sealedSha256, MetadataOutcome metadata) {}

  /** The blob a file is stored in; discarded and opened again when a cleaning attempt is abandoned. */
  interface Slot {
    Future<BlobWriter> open();

    Future<Void> discard();
  }

  private final HttpServerFileUpload upload;
  private final int ordinal;
  private final LongPredicate withinLimits;
  private final BooleanSupplier keep;
  private final Cleaning cleaningIfAsked;
  private Cleaning cleaning; // null: keep the file exactly as it is
  private final MessageDigest sha256 = sha256();
  private final byte[] head = new byte[HEAD];
  private final Promise<Facts> done = Promise.promise();
  private int headLength;
  private long size;
  private List<Recipient> recipients;
  private Slot slot;
  // kept as it is
  private SealedSink sink;
  private OutputStream sealer;
  // to be cleaned
  private EphemeralSpool spool;
  private byte[] batch;
  private int batchLength;
  private Future<Void> spoolTail = Future.succeededFuture();
  private volatile boolean aborted;
  private boolean cleaningStarted;

  /**
   * @param withinLimits told each new byte count; false means a limit was crossed and the upload
   *     is abandoned (the caller fails the whole request)
   * @param keep whether the defender chose to keep their files as they are; asked once this file's
   *     first chunk of the body has been seen whole (see {@link MetadataChoice})
   * @param cleaning how to remove metadata when they did not
   */
  FileIngest(HttpServerFileUpload upload, int ordinal, LongPredicate withinLimits, BooleanSupplier keep, Cleaning cleaning) {
    this.upload = upload;
    this.ordinal = ordinal;
    this.withinLimits = withinLimits;
    this.keep = keep;
    this.cleaningIfAsked = cleaning;
  }

  /** Starts streaming into {@code slot}; completes when the file is sealed and stored. */
  Future<Facts> start(Slot slot, List<Recipient> recipients) {
    this.slot = slot;
    this.recipients = recipients;
    // The decoder announces a file in the middle of a chunk of the body; the answer that precedes
    // it may sit in that same chunk, which the choice sees only after the decoder. So: next turn.
    Vertx.currentContext().runOnContext(v -> begin());
    return done.future();
  }

  private void begin() {
    if (aborted) return;
    cleaning = keep.getAsBoolean() ? null : cleaningIfAsked;
    Future<?> ready;
    if (cleaning == null) {
      ready = slot.open().compose(writer -> {
        sink = new SealedSink(writer, upload::pause, upload::resume);
        try {
          sealer = Age.seal(sink, recipients);
          return Future.succeededFuture();
        } catch (IOException | RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
    } else {
      ready = cleaning.spoolWorkers().executeBlocking(() -> new EphemeralSpool(cleaning.spoolFolder(), cleaning.random()))
          .onSuccess(s -> spool = s);
    }
    ready.onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        closeSpool();
        return;
      }
      if (aborted) {
        closeSpool();
        return;
      }
      upload.exceptionHandler(done::tryFail);
      upload.handler(this::accept);
      upload.endHandler(v -> end());
      upload.resume();
    });
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
      if (cleaning == null) sealer.write(bytes);
      else toSpool(bytes);
    } catch (IOException e) {
      done.tryFail(e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Gathers a batch, then writes it on a worker while the upload waits. */
  private void toSpool(byte[] bytes) {
    int off = 0;
    while (off < bytes.length) {
      if (batch == null) batch = new byte[SPOOL_BATCH];
      int n = Math.min(bytes.length - off, SPOOL_BATCH - batchLength);
      System.arraycopy(bytes, off, batch, batchLength, n);
      batchLength += n;
      off += n;
      if (batchLength == SPOOL_BATCH) flushBatch();
    }
  }

  private void flushBatch() {
    if (batchLength == 0) return;
    byte[] b = batch;
    int n = batchLength;
    EphemeralSpool target = spool;
    batch = null;
    batchLength = 0;
    upload.pause();
    spoolTail = spoolTail.compose(v -> cleaning.spoolWorkers().executeBlocking(() -> {
      try {
        if (!aborted) target.write(b, 0, n);
      } finally {
        Arrays.fill(b, (byte) 0);
      }
      return null;
    }));
    spoolTail.onSuccess(v -> upload.resume()).onFailure(done::tryFail);
  }

  private void end() {
    if (done.future().isComplete()) return;
    String type = TIKA.detect(Arrays.copyOf(head, headLength));
    Arrays.fill(head, (byte) 0);
    String received = HexFormat.of().formatHex(sha256.digest());
    if (cleaning == null) {
      try {
        sealer.close(); // writes the last chunk into the sink
      } catch (IOException e) {
        done.tryFail(e);
        return;
      }
      sink.finish().onComplete(ar -> {
        if (ar.failed()) done.tryFail(ar.cause());
        else done.tryComplete(facts(type, received, size, received, ar.result(), MetadataOutcome.kept()));
      });
      return;
    }
    flushBatch();
    cleaningStarted = true;
    EphemeralSpool source = spool;
    spoolTail.compose(v -> cleaning.cleanWorkers().executeBlocking(() -> clean(source, type, received), false))
        .onComplete(ar -> {
          closeSpool();
          if (ar.succeeded()) done.tryComplete(ar.result());
          else done.tryFail(ar.cause());
        });
  }

  /** On a cleaning worker: strips into the sealer, or seals the file as received when it cannot. */
  private Facts clean(EphemeralSpool spool, String type, String received) throws IOException {
    if (aborted) throw new java.io.InterruptedIOException("upload abandoned before its cleaning began");
    Optional<Stripper> stripper = cleaning.strippers().forType(type);
    if (stripper.isEmpty()) return sealAsReceived(spool, type, received, MetadataOutcome.Problem.UNSUPPORTED_TYPE);
    Stored stored;
    try {
      stored = seal(out -> stripper.get().strip(spool, out, cleaning.limits()));
    } catch (StripException e) {
      return retry(spool, type, received, MetadataOutcome.Problem.of(e));
    } catch (RuntimeException | StackOverflowError e) {
      // A stripper's bug on hostile input (or nesting past a stack): the file still goes nowhere
      // without the defender's say, and the rest of the upload is not lost.
      if (aborted) throw new java.io.InterruptedIOException("upload abandoned");
      return retry(spool, type, received, MetadataOutcome.Problem.DAMAGED);
    }
    String refined = stored.stripped().refinedType() != null ? stored.stripped().refinedType() : type;
    return facts(refined, received, stored.plainSize(), stored.plainSha256(), stored.info(),
        MetadataOutcome.cleaned(stored.stripped().removed()));
  }

  private Facts retry(EphemeralSpool spool, String type, String received, MetadataOutcome.Problem problem) throws IOException {
    await(slot.discard());
    return sealAsReceived(spool, type, received, problem);
  }

  private Facts sealAsReceived(EphemeralSpool spool, String type, String received, MetadataOutcome.Problem problem) throws IOException {
    Stored stored = seal(out -> {
      try (InputStream in = spool.stream()) {
        in.transferTo(out);
      }
      return null;
    });
    return facts(type, received, stored.plainSize(), stored.plainSha256(), stored.info(), MetadataOutcome.notRemoved(problem));
  }

  private interface Writing {
    Stripped writeTo(OutputStream out) throws IOException;
  }

  private record Stored(Stripped stripped, long plainSize, String plainSha256, BlobInfo info) {}

  /** Opens the blob and seals what {@code writing} produces, hashing the plaintext as stored. */
  private Stored seal(Writing writing) throws IOException {
    BlockingSink rows = new BlockingSink(await(slot.open()));
    MessageDigest storedHash = sha256();
    long[] storedSize = {0};
    Stripped stripped;
    try (OutputStream sealed = Age.seal(rows, recipients);
        OutputStream plain = new FilterOutputStream(sealed) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (aborted) throw new IOException("upload abandoned");
            storedHash.update(b, off, len);
            storedSize[0] += len;
            out.write(b, off, len);
          }

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void close() throws IOException {
            out.close(); // the sealer's last chunk
          }
        }) {
      stripped = writing.writeTo(plain);
    }
    BlobInfo info = rows.finish();
    return new Stored(stripped, storedSize[0], HexFormat.of().formatHex(storedHash.digest()), info);
  }

  private Facts facts(String type, String received, long storedSize, String stored, BlobInfo info, MetadataOutcome metadata) {
    return new Facts(ordinal, upload.filename(), type, size, received, storedSize, stored,
        HexFormat.of().formatHex(info.sealedSha256()), metadata);
  }

  /** Stops reading this file after a failure elsewhere; what was sealed is removed with the submission. */
  void abort() {
    aborted = true;
    done.tryFail(new IngestException(IngestException.Reason.CUT_OFF));
    Arrays.fill(head, (byte) 0);
    if (batch != null) Arrays.fill(batch, (byte) 0);
    if (!cleaningStarted) closeSpool(); // else the cleaning stops at its next write and closes it
  }

  /** After the last spool write or the cleaning, whichever is later: the ciphertext is deleted. */
  private void closeSpool() {
    if (spool == null) return;
    EphemeralSpool s = spool;
    spool = null;
    spoolTail.onComplete(v -> cleaning.spoolWorkers().executeBlocking(() -> {
      s.close();
      return null;
    }));
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("storage failed", e.getCause());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

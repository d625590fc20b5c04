package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.amana.crypto.Age;
import org.amana.crypto.Recipient;
import org.amana.crypto.X25519Identity;
import org.amana.gateway.Limits;
import org.amana.gateway.integrity.Log;
import org.amana.gateway.ingest.IngestException.Reason;
import org.amana.storage.BlobKind;
import org.amana.storage.BlobWriter;
import org.amana.storage.LogEntry;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;

/**
 * The ingest pipeline: multipart stream → per file: hash, detect type, remove metadata, seal, store
 * in rows → sealed manifest → one commit → only then the receipt. See DESIGN.md, "The ingest
 * pipeline".
 *
 * <p>A file's plaintext never reaches the disk: it streams through small buffers, or, to be
 * cleaned, waits in a spool encrypted under a key held in memory ({@link FileIngest}). Every limit
 * is checked as bytes arrive. Any failure — a limit, a malformed body, a dropped connection, the
 * database — abandons the submission, which deletes everything written for it. When a file could
 * not be cleaned, the submission waits, uncommitted, for the defender's decision.
 */
public final class StreamingIntake implements Intake {
  private final Store store;
  private final Receipts receipts;
  private final CheckInTokens tokens;
  private final Limits limits;
  private final Clock clock;
  private final Supplier<Future<List<Recipient>>> recipients;
  private final Cleaning cleaning;
  private final AwaitingDecision<Draft> awaiting;
  private final Consents consents;

  /**
   * @param recipients the current recipients: every submission is sealed to all of them
   * @param cleaning how files are cleaned of metadata
   * @param consents keeps a copy of the consent given, readable with the receipt at check-in
   */
  public StreamingIntake(Store store, Receipts receipts, CheckInTokens tokens, Limits limits, Clock clock,
      Supplier<Future<List<Recipient>>> recipients, Cleaning cleaning, Consents consents) {
    this.store = store;
    this.receipts = receipts;
    this.tokens = tokens;
    this.limits = limits;
    this.clock = clock;
    this.recipients = recipients;
    this.cleaning = cleaning;
    this.consents = consents;
    this.awaiting = new AwaitingDecision<>(cleaning.random(), clock, Duration.ofMinutes(30), 500);
  }

  @Override
  public Future<Outcome> submit(HttpServerRequest request) {
    return new Upload(request, null).start();
  }

  @Override
  public Future<Outcome> addMaterial(HttpServerRequest request, String checkInToken) {
    Optional<SubmissionId> first = tokens.verify(checkInToken);
    if (first.isEmpty()) return Future.failedFuture(new IngestException(Reason.UNKNOWN_CHECK_IN));
    return new Upload(request, first.get()).start();
  }

  @Override
  public Future<Accepted> decide(String token, Set<Integer> sendAsTheyAre) {
    List<Draft> expired = new ArrayList<>();
    Optional<Draft> taken = awaiting.take(token, expired);
    expired.forEach(d -> store.abandon(d.id()));
    if (taken.isEmpty()) return Future.failedFuture(new IngestException(Reason.DECISION_EXPIRED));
    Draft draft = taken.get();
    List<FileIngest.Facts> kept = new ArrayList<>();
    List<Future<Void>> discarded = new ArrayList<>();
    for (FileIngest.Facts f : draft.files()) {
      boolean send = !f.metadata().needsDecision() || (!f.metadata().refused() && sendAsTheyAre.contains(f.ordinal()));
      if (send) kept.add(f);
      else discarded.add(store.discardBlob(draft.id(), BlobKind.FILE, f.ordinal()));
    }
    Draft decided = new Draft(draft.id(), draft.follows(), draft.report(), draft.consent(), kept, draft.sealTo());
    return Future.all(discarded)
        .recover(e -> Future.failedFuture(new IngestException(Reason.UNAVAILABLE, e)))
        .compose(v -> {
          if (decided.report().isEmpty() && kept.isEmpty()) {
            store.abandon(decided.id());
            return Future.failedFuture(new IngestException(Reason.EMPTY));
          }
          return commit(decided);
        })
        .onFailure(e -> store.abandon(decided.id()));
  }

  @Override
  public Future<Void> cancel(String token) {
    List<Draft> expired = new ArrayList<>();
    awaiting.take(token, expired).ifPresent(expired::add);
    return Future.all(expired.stream().map(d -> store.abandon(d.id())).toList()).mapEmpty();
  }

  /**
   * Removes uploads whose defender never decided (the tab was closed): their report leaves memory
   * and their sealed rows the database. The composition root calls it every minute; without it they
   * would wait for the next upload that needs a decision.
   */
  public void expireWaiting() {
    List<Draft> expired = new ArrayList<>();
    awaiting.take(null, expired);
    expired.forEach(d -> store.abandon(d.id()));
  }

  /** An upload read whole, not yet committed: everything the manifest and the commit need. */
  private record Draft(SubmissionId id, SubmissionId follows, String report, Consent consent,
      List<FileIngest.Facts> files, List<Recipient> sealTo) {}

  /** One request's ingest, from the first byte to the commit. Runs on the request's event loop. */
  private final class Upload {
    private final HttpServerRequest request;
    private final SubmissionId follows;
    private final Promise<Outcome> result = Promise.promise();
    private final List<Future<FileIngest.Facts>> files = new ArrayList<>();
    private final List<FileIngest> active = new ArrayList<>();
    private final MultipartEnd multipartEnd;
    private final MetadataChoice metadataChoice;
    private SubmissionId id;
    private List<Recipient> sealTo;
    private long totalBytes;

    Upload(HttpServerRequest request, SubmissionId follows) {
      this.request = request;
      this.follows = follows;
      this.multipartEnd = MultipartEnd.of(request.getHeader("Content-Type"));
      this.metadataChoice = new MetadataChoice(MultipartEnd.boundary(request.getHeader("Content-Type")));
    }

    Future<Outcome> start() {
      request.pause();
      if (multipartEnd == null) { // the site's forms are multipart; nothing else is read
        result.fail(new IngestException(Reason.MALFORMED));
        return result.future();
      }
      request.setExpectMultipart(true);
      request.handler(chunk -> { // the raw body too: to tell a complete form from a cut one, and for the metadata answer
        multipartEnd.seen(chunk);
        metadataChoice.seen(chunk);
      });
      request.uploadHandler(this::file);
      request.exceptionHandler(e -> fail(e instanceof IngestException ie ? ie : new IngestException(Reason.MALFORMED, e)));
      request.endHandler(v -> finish());
      request.connection().closeHandler(v -> fail(new IngestException(Reason.CUT_OFF)));
      recipients.get()
          .compose(r -> {
            if (r.isEmpty()) return Future.failedFuture(new IngestException(Reason.UNAVAILABLE));
            sealTo = r;
            return store.beginSubmission();
          })
          .onSuccess(sid -> {
            id = sid;
            if (result.future().isComplete()) store.abandon(sid);
            else request.resume();
          })
          .onFailure(e -> fail(new IngestException(Reason.UNAVAILABLE, e)));
      return result.future();
    }

    private void file(HttpServerFileUpload upload) {
      upload.pause();
      if (result.future().isComplete()) return;
      if (upload.filename() == null || upload.filename().isEmpty()) { // a file input left empty
        upload.handler(b -> {});
        upload.resume();
        return;
      }
      if (files.size() == limits.maxFiles()) {
        fail(new IngestException(Reason.TOO_MANY_FILES));
        return;
      }
      int ordinal = files.size() + 1;
      long[] fileBytes = {0};
      FileIngest ingest = new FileIngest(upload, ordinal, n -> {
        fileBytes[0] += n;
        totalBytes += n;
        if (totalBytes > limits.maxTotalBytes()) fail(new IngestException(Reason.TOTAL_TOO_LARGE));
        return fileBytes[0] <= limits.maxFileBytes() && totalBytes <= limits.maxTotalBytes();
      }, metadataChoice::keep, cleaning);
      active.add(ingest);
      Promise<FileIngest.Facts> facts = Promise.promise();
      files.add(facts.future());
      FileIngest.Slot slot = new FileIngest.Slot() {
        @Override
        public Future<BlobWriter> open() {
          return store.openBlob(id, BlobKind.FILE, ordinal);
        }

        @Override
        public Future<Void> discard() {
          return store.discardBlob(id, BlobKind.FILE, ordinal);
        }
      };
      ingest.start(slot, sealTo)
          .onComplete(ar -> {
            if (ar.succeeded()) facts.complete(ar.result());
            else {
              facts.fail(ar.cause());
              fail(ar.cause() instanceof IngestException ie ? ie : new IngestException(Reason.UNAVAILABLE, ar.cause()));
            }
          });
    }

    private void finish() {
      if (result.future().isComplete()) return;
      if (!multipartEnd.complete()) { // the body ended inside the form: a part may never end
        fail(new IngestException(Reason.MALFORMED));
        return;
      }
      Future.all(files).onComplete(all -> {
        if (all.failed() || result.future().isComplete()) return; // fail() already reported it
        try {
          commit();
        } catch (IngestException e) {
          fail(e);
        }
      });
    }

    private void commit() {
      String report = request.formAttributes().get("report");
      report = report == null ? "" : report.strip();
      if (report.codePointCount(0, report.length()) > limits.maxReportChars()) throw new IngestException(Reason.REPORT_TOO_LONG);
      for (String name : request.formAttributes().names()) {
        if (!name.equals("report") && request.formAttributes().get(name).length() > limits.maxFieldChars()) {
          throw new IngestException(Reason.FIELD_TOO_LONG);
        }
      }
      List<FileIngest.Facts> facts = files.stream().map(Future::result).toList();
      if (report.isEmpty() && facts.isEmpty()) throw new IngestException(Reason.EMPTY);
      Consent asked = Manifest.consent(request.formAttributes(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
      // The metadata answer is the one the pipeline acted on, read as the first file began.
      Consent consent = new Consent(asked.contact(), asked.channel(), asked.uses(), asked.naming(),
          metadataChoice.keep() ? Consent.Metadata.KEEP : Consent.Metadata.REMOVE, asked.lapsesOn());
      Draft draft = new Draft(id, follows, report, consent, facts, sealTo);
      if (facts.stream().noneMatch(f -> f.metadata().needsDecision())) {
        StreamingIntake.this.commit(draft).onSuccess(result::tryComplete)
            .onFailure(e -> fail(e instanceof IngestException ie ? ie : new IngestException(Reason.UNAVAILABLE, e)));
        return;
      }
      List<Draft> expired = new ArrayList<>();
      Optional<String> token = awaiting.hold(draft, expired);
      expired.forEach(d -> store.abandon(d.id()));
      if (token.isEmpty()) throw new IngestException(Reason.UNAVAILABLE);
      result.tryComplete(new NeedsDecision(token.get(), shown(facts), follows != null));
    }

    /** Fails the request once: stops every file, and removes everything written for it. */
    private void fail(IngestException e) {
      if (!result.tryFail(e)) return;
      active.forEach(FileIngest::abort);
      if (id != null) store.abandon(id);
    }
  }

  /** Seals the manifest and commits: the submission becomes visible, and only then the receipt is made. */
  private Future<Accepted> commit(Draft d) {
    JsonObject built = Manifest.build(clock.instant(), d.report(), d.consent(), d.files(),
        d.follows() == null ? null : d.follows().toString());
    PlaintextCommitment.Made commitment = PlaintextCommitment.make(d.report(), d.files());
    built.put("plaintextCommitment", commitment.manifestEntry()); // the salt stays sealed; the log gets only the value
    byte[] manifest = built.encode().getBytes(StandardCharsets.UTF_8);
    Buffer sealed;
    try {
      sealed = seal(manifest, d.sealTo());
    } catch (IngestException e) {
      return Future.failedFuture(e);
    } finally {
      java.util.Arrays.fill(manifest, (byte) 0);
    }
    List<AcceptedFile> shown = shown(d.files());
    Future<Accepted> committed;
    if (d.follows() != null) {
      committed = store.commit(d.id(), sealed, sha256(sealed), null, null, commitment.value())
          .map(entry -> new Accepted("", shown, false, entry.index(), Log.fingerprint(entry.leafHash())));
    } else {
      String code = receipts.generate();
      committed = receipts.derive(code).compose(keys -> {
        String replyTo;
        try (X25519Identity reply = X25519Identity.fromSecret(keys.replySecret())) {
          replyTo = reply.recipient().encoded();
        }
        Future<LogEntry> c = store.commit(d.id(), sealed, sha256(sealed), keys.lookup(), replyTo, commitment.value());
        keys.zero();
        // The submission is durable: a copy of its consent that cannot be stored must not cost the
        // defender their receipt. The manifest still holds the consent; check-in then says only reviewers can read it.
        return c.compose(entry -> consents.record(d.id(), ConsentEvent.given(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
            d.consent()), replyTo).otherwise((Void) null).map(entry));
      }).map(entry -> new Accepted(Receipts.grouped(code), shown, true, entry.index(), Log.fingerprint(entry.leafHash())));
    }
    return committed.recover(e -> Future.failedFuture(new IngestException(Reason.UNAVAILABLE, e)));
  }

  private static List<AcceptedFile> shown(List<FileIngest.Facts> facts) {
    return facts.stream()
        .map(f -> new AcceptedFile(f.ordinal(), f.name(), f.detectedType(), f.size(), f.metadata())).toList();
  }

  private static Buffer seal(byte[] manifest, List<Recipient> sealTo) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(manifest.length + 1024);
    try (OutputStream s = Age.seal(out, sealTo)) {
      s.write(manifest);
    } catch (IOException e) {
      throw new IngestException(Reason.UNAVAILABLE, e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static byte[] sha256(Buffer b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b.getBytes());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

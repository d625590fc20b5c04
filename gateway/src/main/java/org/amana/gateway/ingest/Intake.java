package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Set;

/**
 * The ingest pipeline seen from the site: a multipart submission streams in, is cleaned of
 * identifying metadata and sealed as it arrives, and is committed; a receipt is never shown for
 * something that was not durably stored.
 *
 * <p>When a file could not be cleaned, nothing is committed yet: the outcome is a
 * {@link NeedsDecision}, and the defender says per file whether to send it as it is or leave it
 * out ({@link #decide}). Failures complete the future with an {@link IngestException}; whatever was
 * already written for that request is removed, and nothing of it is ever visible to reviewers.
 */
public interface Intake {

  /**
   * Reads a new submission from {@code request} (whose CSRF token the site already checked). The
   * request's body has not been read yet.
   */
  Future<Outcome> submit(HttpServerRequest request);

  /**
   * Reads more material for an existing submission, found by a check-in token the site issued
   * (see {@link CheckIn}); stored as a new submission whose sealed manifest names the first one,
   * so the database never links the two.
   */
  Future<Outcome> addMaterial(HttpServerRequest request, String checkInToken);

  /**
   * The defender's answer to a {@link NeedsDecision}: the ordinals of the flagged files to send as
   * they are; every other flagged file is left out (its sealed copy deleted). Then commits.
   * Fails with {@link IngestException.Reason#DECISION_EXPIRED} for an unknown or expired token.
   */
  Future<Accepted> decide(String token, Set<Integer> sendAsTheyAre);

  /** The defender cancels a submission awaiting their decision: everything stored for it is deleted. */
  Future<Void> cancel(String token);

  /** What the defender sees after an upload. */
  sealed interface Outcome permits Accepted, NeedsDecision {}

  /**
   * Stored: what the receipt page shows.
   *
   * @param logIndex the submission's position in the integrity log (-1: not known)
   * @param fingerprint the first 8 hex digits of its leaf hash, grouped (null: not known)
   */
  record Accepted(String receiptCode, List<AcceptedFile> files, boolean newReceipt, long logIndex, String fingerprint)
      implements Outcome {
    public Accepted(String receiptCode, List<AcceptedFile> files, boolean newReceipt) {
      this(receiptCode, files, newReceipt, -1, null);
    }
  }

  /**
   * Not stored yet: some files could not be cleaned. {@code token} names this upload for
   * {@link #decide}; it is random and held only in memory, for a short while.
   */
  record NeedsDecision(String token, List<AcceptedFile> files, boolean addition) implements Outcome {}

  /** One file as received: the defender's own name (to show back), detected type, size, and what happened to its metadata. */
  record AcceptedFile(int ordinal, String name, String detectedType, long size, MetadataOutcome metadata) {
    public AcceptedFile {
      metadata = metadata == null ? MetadataOutcome.kept() : metadata;
    }

    public AcceptedFile(String name, String detectedType, long size, MetadataOutcome metadata) {
      this(0, name, detectedType, size, metadata);
    }
  }
}

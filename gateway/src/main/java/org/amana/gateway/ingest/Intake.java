package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * The ingest pipeline seen from the site: a multipart submission streams in, is sealed as it
 * arrives, and is committed; the returned future completes only after the commit is durable, so a
 * receipt is never shown for something that was not stored.
 *
 * <p>Failures complete the future with an {@link IngestException}; whatever was already written
 * for that request is removed, and nothing of it is ever visible to reviewers.
 */
public interface Intake {

  /**
   * Reads a new submission from {@code request} (whose CSRF token the site already checked) and
   * commits it. The request's body has not been read yet.
   */
  Future<Accepted> submit(HttpServerRequest request);

  /**
   * Reads more material for an existing submission, found by a check-in token the site issued
   * (see {@link CheckIn}); stored as a new submission whose sealed manifest names the first one,
   * so the database never links the two.
   */
  Future<Accepted> addMaterial(HttpServerRequest request, String checkInToken);

  /**
   * What the receipt page shows.
   *
   * @param logIndex the submission's position in the integrity log (-1: not known)
   * @param fingerprint the first 8 hex digits of its leaf hash, grouped (null: not known)
   */
  record Accepted(String receiptCode, List<AcceptedFile> files, boolean newReceipt, long logIndex, String fingerprint) {
    public Accepted(String receiptCode, List<AcceptedFile> files, boolean newReceipt) {
      this(receiptCode, files, newReceipt, -1, null);
    }
  }

  /** One file as received: the defender's own name (to show back), its detected type and size. */
  record AcceptedFile(String name, String detectedType, long size, boolean metadataRemoved) {}
}

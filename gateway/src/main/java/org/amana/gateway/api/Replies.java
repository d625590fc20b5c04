package org.amana.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;

/**
 * Takes a reviewer's sealed reply to a defender, whichever way it came: posted to the reviewer
 * API, or carried from an offline workstation and imported by the operator. Both go through
 * {@link #accept}, so both are checked alike. The gateway cannot open a reply (it is sealed to
 * the defender's receipt-derived key); it checks only what it can see.
 */
public final class Replies {
  /** The largest sealed reply accepted (a reply's text is at most 64 KiB; this leaves room for the seal). */
  public static final int MAX_BYTES = 1 << 20;
  private static final byte[] AGE = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);

  /** Why a reply was not stored. */
  public enum Problem { NOT_SEALED, TOO_LARGE, NO_REPLY_RECIPIENT }

  /** A reply refused for a reason the sender can act on; the message says what to do. */
  public static final class Refused extends RuntimeException {
    public final Problem problem;

    Refused(Problem problem, String message) {
      super(message);
      this.problem = problem;
    }
  }

  private final Store store;

  public Replies(Store store) {
    this.store = store;
  }

  public Store store() {
    return store;
  }

  /**
   * Stores {@code sealed} as a reply to a committed submission that has a reply recipient, once:
   * the same sealed bytes again (a retried post, a reply file imported twice) change nothing.
   * Completes with true when stored, false when it was already there; fails with {@link Refused},
   * or with the store's NOT_FOUND if the submission is not committed.
   */
  public Future<Boolean> accept(SubmissionId submission, Buffer sealed) {
    if (sealed == null || sealed.length() < AGE.length || !Arrays.equals(sealed.getBytes(0, AGE.length), AGE)) {
      return Future.failedFuture(new Refused(Problem.NOT_SEALED, "a reply must be sealed (an age file) to the submission's reply recipient"));
    }
    if (sealed.length() > MAX_BYTES) {
      return Future.failedFuture(new Refused(Problem.TOO_LARGE, "a sealed reply may be at most " + MAX_BYTES + " bytes"));
    }
    byte[] hash = sha256(sealed.getBytes());
    return store.replyRecipient(submission).compose(recipient -> {
      if (recipient.isEmpty()) {
        return Future.failedFuture(new Refused(Problem.NO_REPLY_RECIPIENT, "submission " + submission
            + " has no reply recipient (material added at a check-in): reply to the first submission of that defender"));
      }
      // Sealing draws a fresh file key, so equal hashes mean the same reply, never two that happen to match.
      return store.replies(submission).compose(stored -> stored.stream().anyMatch(r -> Arrays.equals(r.sealedSha256(), hash))
          ? Future.succeededFuture(false)
          // Recorded in the custody log after it is stored: a reply that failed to store was never sent.
          : store.addReply(submission, sealed, hash).compose(v -> store.appendEvent(submission, "replied", hash)).map(true));
    });
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

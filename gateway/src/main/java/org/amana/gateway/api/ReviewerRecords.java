package org.amana.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import org.amana.gateway.ingest.Consents;
import org.amana.storage.Store;
import org.amana.storage.StoreException;
import org.amana.storage.SubmissionId;

/**
 * What reviewers send besides replies: consent requests (sealed to the defender's reply key,
 * stored like replies) and reports of their own actions and refusals, which become custody events
 * in the integrity log. The gateway can open neither; it checks only what it can see.
 */
public final class ReviewerRecords {
  /** The custody kinds a reviewer's console reports. */
  static final Set<String> ACTION_KINDS = Set.of("exported", "raised", "published", "contacted", "refused");

  private final Store store;
  private final Replies replies;

  public ReviewerRecords(Store store, Replies replies) {
    this.store = store;
    this.replies = replies;
  }

  /** Stores a sealed consent request once (a repeated post changes nothing) and logs it as {@code consent_requested}. */
  public Future<Void> request(SubmissionId submission, Buffer sealed) {
    byte[] hash = check(sealed);
    return store.replyRecipient(submission).compose(recipient -> {
      if (recipient.isEmpty()) {
        return Future.failedFuture(new Replies.Refused(Replies.Problem.NO_REPLY_RECIPIENT, "submission " + submission
            + " has no reply key (material added at a check-in): send the request to that defender's first submission"));
      }
      return store.addConsentRequest(submission, sealed, hash)
          .compose(id -> store.appendEvent(submission, "consent_requested", hash).<Void>mapEmpty())
          .recover(e -> e instanceof StoreException s && s.reason() == StoreException.Reason.CONFLICT
              ? Future.succeededFuture() : Future.failedFuture(e));
    });
  }

  /** Appends the custody event of a reviewer's action; the leaf's index. */
  Future<Long> action(SubmissionId submission, String kind, Buffer sealedDetails) {
    if (kind == null || !ACTION_KINDS.contains(kind)) {
      return Future.failedFuture(new IllegalArgumentException("kind must be one of " + String.join(", ", ACTION_KINDS.stream().sorted().toList())));
    }
    return store.appendEvent(submission, kind, check(sealedDetails));
  }

  /** The SHA-256 of a body that looks sealed and is small enough; fails with Replies.Refused otherwise. */
  private static byte[] check(Buffer sealed) {
    byte[] age = "age-encryption.org/v1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (sealed == null || sealed.length() < age.length || !java.util.Arrays.equals(sealed.getBytes(0, age.length), age)) {
      throw new Replies.Refused(Replies.Problem.NOT_SEALED, "the body must be sealed (an age file)");
    }
    if (sealed.length() > Consents.MAX_SEALED) throw new Replies.Refused(Replies.Problem.TOO_LARGE, "at most " + Consents.MAX_SEALED + " bytes");
    return Replies.sha256(sealed.getBytes());
  }
}

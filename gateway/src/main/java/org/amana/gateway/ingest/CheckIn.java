package org.amana.gateway.ingest;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentRequest;

/**
 * A defender coming back with their receipt. The receipt is hashed (Argon2id, off the event loop)
 * to find the submission; replies are opened with a key derived from the receipt and exist in
 * clear only in memory, for this response.
 */
public interface CheckIn {

  /**
   * Looks up a receipt as typed (any of the accepted digit forms, spaces and dashes ignored).
   * Empty when the receipt is malformed or unknown: the two are not told apart.
   */
  Future<Optional<Visit>> visit(String typedReceipt);

  /**
   * What the check-in page shows.
   *
   * @param token a short-lived, signed token that lets this visit add material without the
   *     receipt travelling again (never the receipt itself)
   * @param receivedDay the coarse date the submission arrived, as stored
   */
  record Visit(String token, String receivedDay, List<Reply> replies, Integrity integrity, ConsentView consent) {
    public Visit(String token, String receivedDay, List<Reply> replies) {
      this(token, receivedDay, replies, null, ConsentView.UNKNOWN);
    }
  }

  /**
   * The consent on record, opened with the receipt for this response only. {@code known} is false
   * for a submission made before consent was kept readable at check-in (its consent stands, but
   * only reviewers can read it); {@code current} is null once withdrawn; {@code pending} are the
   * reviewers' requests not yet answered; {@code damaged} when a record did not open.
   */
  record ConsentView(boolean known, Consent current, LocalDate since, List<ConsentRequest> pending, boolean damaged, int recorded) {
    public static final ConsentView UNKNOWN = new ConsentView(false, null, null, List.of(), false, 0);
  }

  /**
   * Records a consent change for the submission a visit's token names: the defender's new
   * answers, a withdrawal ({@code consent} null), or an answer to a request. Fails with
   * UNKNOWN_CHECK_IN when the token is not valid (expired, forged).
   */
  default Future<Void> consent(String visitToken, Change change) {
    return consent(visitToken, change, -1);
  }

  /**
   * The same, refused with CONSENT_CHANGED when the consent on record is no longer the one the page
   * showed ({@code seen} events then; -1: not checked): a stale tab must not undo a withdrawal or a
   * later change made elsewhere. A withdrawal is never refused.
   */
  default Future<Void> consent(String visitToken, Change change, int seen) {
    return Future.failedFuture(new IngestException(IngestException.Reason.UNAVAILABLE));
  }

  /**
   * One change made at check-in. {@code before} is the consent the page showed (it rides in the
   * defender's own form: the gateway cannot read the consent on record without the receipt).
   */
  sealed interface Change {
    record Answers(Consent consent) implements Change {}

    record Withdrawal() implements Change {}

    record Answer(Consent before, ConsentRequest request, boolean yes) implements Change {}
  }

  /**
   * The submission's standing in the integrity log: its fingerprint and position, whether its
   * sealed objects re-hash to what its leaf says ({@code intact}), and whether its leaf is proven
   * included in the newest signed checkpoint, of {@code checkpointSize} leaves.
   */
  record Integrity(String fingerprint, long index, boolean intact, boolean included, long checkpointSize) {}

  /**
   * A reviewer's reply, opened for this response only; {@code intact} is false when the stored
   * reply does not open (damaged or altered), and then {@code text} is empty.
   */
  record Reply(String day, String text, boolean intact) {}
}

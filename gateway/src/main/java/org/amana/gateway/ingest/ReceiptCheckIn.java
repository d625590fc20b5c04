package org.amana.gateway.ingest;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.amana.crypto.Age;
import org.amana.crypto.X25519Identity;
import org.amana.crypto.format.ConsentEvent;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;
import java.util.function.Function;

/**
 * Check-in with a receipt: the receipt's Argon2id hash finds the submission, and the key derived
 * from it opens the replies, in memory, for this response only. A malformed and an unknown receipt
 * look the same, and both cost one Argon2id hash, so timing does not tell them apart either.
 */
public final class ReceiptCheckIn implements CheckIn {
  private static final String NOT_A_RECEIPT = "00000000000000000000";
  private final Store store;
  private final Receipts receipts;
  private final CheckInTokens tokens;
  private final Function<SubmissionId, Future<Integrity>> integrity;
  private final Consents consents;

  /**
   * @param integrity checks a submission against the integrity log (its future may hold null: no leaf)
   * @param consents where consent changes made at check-in go (null: the defender cannot change consent)
   */
  public ReceiptCheckIn(Store store, Receipts receipts, CheckInTokens tokens, Function<SubmissionId, Future<Integrity>> integrity,
      Consents consents) {
    this.store = store;
    this.receipts = receipts;
    this.tokens = tokens;
    this.integrity = integrity;
    this.consents = consents;
  }

  public ReceiptCheckIn(Store store, Receipts receipts, CheckInTokens tokens) {
    this(store, receipts, tokens, id -> Future.succeededFuture(null), null);
  }

  @Override
  public Future<Void> consent(String visitToken, Change change, int seen) {
    Optional<SubmissionId> id = tokens.verify(visitToken);
    if (id.isEmpty() || consents == null) return Future.failedFuture(new IngestException(IngestException.Reason.UNKNOWN_CHECK_IN));
    if (seen >= 0 && !(change instanceof Change.Withdrawal)) {
      return store.consentEvents(id.get()).compose(events -> events.size() == seen
          ? consent(visitToken, change, -1)
          : Future.failedFuture(new IngestException(IngestException.Reason.CONSENT_CHANGED)));
    }
    java.time.LocalDate today = consents.today();
    ConsentEvent event = switch (change) {
      case Change.Answers a -> ConsentEvent.changed(today, a.consent());
      case Change.Withdrawal w -> ConsentEvent.withdrawn(today);
      case Change.Answer a -> ConsentEvent.answer(today, a.before(), a.request(), a.yes());
    };
    return consents.record(id.get(), event).recover(e -> Future.failedFuture(new IngestException(IngestException.Reason.UNAVAILABLE, e)));
  }

  @Override
  public Future<Optional<Visit>> visit(String typedReceipt) {
    Optional<String> digits = Receipts.normalize(typedReceipt);
    return receipts.derive(digits.orElse(NOT_A_RECEIPT)).compose(keys -> {
      if (digits.isEmpty()) {
        keys.zero();
        return Future.succeededFuture(Optional.empty());
      }
      return store.findReceipt(keys.lookup()).compose(found -> {
        if (found.isEmpty()) {
          keys.zero();
          return Future.succeededFuture(Optional.<Visit>empty());
        }
        SubmissionId id = found.get().submission();
        // A check that cannot run (the database is busy, the log unsigned) must not cost the defender their replies.
        Future<Integrity> checked = integrity.apply(id).otherwise((Integrity) null);
        return Future.all(store.replies(id), checked, store.consentEvents(id), store.consentRequests(id)).map(all -> {
          List<org.amana.storage.Reply> replies = all.resultAt(0);
          List<Reply> opened = new ArrayList<>();
          ConsentView consent;
          try (X25519Identity key = X25519Identity.fromSecret(keys.replySecret())) {
            for (org.amana.storage.Reply r : replies) opened.add(open(r.sentOn().toString(), r.sealed().getBytes(), key));
            consent = Consents.open(all.resultAt(2), all.resultAt(3), key);
          } finally {
            keys.zero();
          }
          return Optional.of(new Visit(tokens.issue(id), found.get().receivedOn().toString(), opened, all.resultAt(1), consent));
        });
      });
    });
  }

  private static Reply open(String day, byte[] sealed, X25519Identity key) {
    try (InputStream in = Age.open(new java.io.ByteArrayInputStream(sealed), List.of(key))) {
      return new Reply(day, new String(in.readAllBytes(), StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      // A reply that does not open is damaged or altered: the page says so rather than hide it.
      return new Reply(day, "", false);
    }
  }
}

package org.amana.gateway.ingest;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

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
  record Visit(String token, String receivedDay, List<Reply> replies, Integrity integrity) {
    public Visit(String token, String receivedDay, List<Reply> replies) {
      this(token, receivedDay, replies, null);
    }
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

package org.amana.gateway.integrity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.amana.gateway.ingest.CheckInTokens;
import org.amana.storage.Store;

/**
 * The small offline proof a defender may download at check-in: their submission's leaf, its
 * inclusion proof, the signed checkpoint it leads to, and the log's key. With a later checkpoint
 * and a consistency proof ({@code /log/proof/consistency}), anyone can check that the submission
 * is still in the log. Holding it shows that its holder submitted: the page says so plainly.
 *
 * <pre>
 * {"format": "amana-defender-proof/1", "index", "leaf": base64, "size", "proof": [base64…],
 *  "checkpoint": signed note, "logKey": verifier key}
 * </pre>
 */
public final class DefenderProof {
  public static final String FORMAT = "amana-defender-proof/1";
  private final Vertx vertx;
  private final Store store;
  private final Log log;
  private final CheckInTokens tokens;

  public DefenderProof(Vertx vertx, Store store, Log log, CheckInTokens tokens) {
    this.vertx = vertx;
    this.store = store;
    this.log = log;
    this.tokens = tokens;
  }

  /** The proof for the submission a check-in visit token names; empty when the token is not valid or the leaf not yet covered. */
  public Future<Optional<String>> forVisit(String visitToken) {
    var id = tokens.verify(visitToken);
    if (id.isEmpty()) return Future.succeededFuture(Optional.empty());
    return SubmissionLog.material(vertx, store, log, id.get()).map(m -> m.flatMap(material -> {
      JsonObject leaf = material.getJsonArray("leaves").getJsonObject(0);
      if (!leaf.containsKey("proof")) return Optional.empty();
      return Optional.of(new JsonObject().put("format", FORMAT).put("index", leaf.getLong("index")).put("leaf", leaf.getString("leaf"))
          .put("size", material.getLong("size")).put("proof", leaf.getJsonArray("proof"))
          .put("checkpoint", material.getString("checkpoint")).put("logKey", log.verifier().encoded()).encodePrettily() + "\n");
    }));
  }
}

package org.amana.gateway.integrity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.amana.crypto.tlog.Proofs;
import org.amana.storage.LogLeaf;
import org.amana.storage.Store;
import org.amana.storage.StoredCheckpoint;
import org.amana.storage.SubmissionId;

/**
 * What a reviewer keeps of the log for one submission, so that it can be checked later with no
 * network: every leaf of the submission (its submission leaf, then its custody events) with its
 * data and, when the checkpoint covers it, its inclusion proof, all against one signed checkpoint.
 *
 * <pre>
 * {"format": "amana-log-material/1", "checkpoint": signed note, "size": N,
 *  "leaves": [{"index", "kind", "leaf": base64 data, "proof": [base64…] (absent when index >= N)}…]}
 * </pre>
 *
 * Hashes and sealed-data digests only: the same the public log shows, grouped by submission.
 */
public final class SubmissionLog {
  public static final String FORMAT = "amana-log-material/1";

  private SubmissionLog() {}

  /** Against a freshly signed checkpoint, so that a submission committed a moment ago is covered. */
  public static Future<Optional<JsonObject>> material(Vertx vertx, Store store, Log log, SubmissionId id) {
    return log.signIfGrown().compose(cp -> material(vertx, store, id, cp));
  }

  /** Against the given checkpoint (empty: leaves without proofs). Empty when the submission has no leaf. */
  public static Future<Optional<JsonObject>> material(Vertx vertx, Store store, SubmissionId id, Optional<StoredCheckpoint> cp) {
    return store.submissionLeaves(id).compose(leaves -> {
      if (leaves.isEmpty() || !leaves.getFirst().kind().equals("submission")) {
        return Future.succeededFuture(Optional.empty());
      }
      long size = cp.map(StoredCheckpoint::size).orElse(0L);
      return store.leafHashes(0, size).compose(hashes -> SubmissionCheck.offLoop(vertx, () -> Optional.of(json(leaves, hashes, cp))));
    });
  }

  private static JsonObject json(List<LogLeaf> leaves, List<byte[]> hashes, Optional<StoredCheckpoint> cp) {
    Base64.Encoder b64 = Base64.getEncoder();
    JsonArray out = new JsonArray();
    for (LogLeaf l : leaves) {
      JsonObject o = new JsonObject().put("index", l.index()).put("kind", l.kind()).put("leaf", b64.encodeToString(l.data()));
      if (l.index() < hashes.size()) {
        JsonArray proof = new JsonArray();
        Proofs.inclusion(l.index(), hashes.size(), i -> hashes.get((int) i)).forEach(h -> proof.add(b64.encodeToString(h)));
        o.put("proof", proof);
      }
      out.add(o);
    }
    JsonObject m = new JsonObject().put("format", FORMAT).put("size", (long) hashes.size()).put("leaves", out);
    cp.ifPresent(c -> m.put("checkpoint", c.note()));
    return m;
  }
}

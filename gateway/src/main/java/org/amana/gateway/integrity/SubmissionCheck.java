package org.amana.gateway.integrity;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.Callable;
import org.amana.gateway.ingest.CheckIn;
import org.amana.storage.BlobInfo;
import org.amana.storage.LeafFormat;
import org.amana.storage.LogLeaf;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;

/**
 * One submission's integrity, for its defender at check-in: every sealed object re-hashed against
 * its leaf, and the leaf's inclusion proof checked against the newest signed checkpoint.
 */
public final class SubmissionCheck {
  private final Vertx vertx;
  private final Store store;
  private final Log log;

  public SubmissionCheck(Vertx vertx, Store store, Log log) {
    this.vertx = vertx;
    this.store = store;
    this.log = log;
  }

  /** Null (in the future) when the submission has no leaf. */
  public Future<CheckIn.Integrity> check(SubmissionId id) {
    return log.standing(id).compose(st -> st.isEmpty() ? Future.succeededFuture(null)
        : offLoop(vertx, () -> intact(id)).map(intact -> new CheckIn.Integrity(st.get().fingerprint(), st.get().index(), intact,
            st.get().included(), st.get().checkpointSize())));
  }

  private boolean intact(SubmissionId id) {
    LogLeaf leaf = store.submissionLeaf(id).await().orElseThrow();
    if (!java.security.MessageDigest.isEqual(LeafFormat.leafHash(leaf.data()), leaf.hash())) return false;
    List<LeafFormat.SealedObject> objects;
    try {
      objects = LeafFormat.decode(leaf.data()).objects();
    } catch (IllegalArgumentException e) {
      return false;
    }
    List<BlobInfo> blobs = store.blobs(id).await();
    if (blobs.size() != objects.size()) return false;
    for (LeafFormat.SealedObject o : objects) {
      BlobInfo b = blobs.stream().filter(x -> x.kind() == o.kind() && x.ordinal() == o.ordinal()).findFirst().orElse(null);
      if (b == null || Sweep.rehash(store, b, o) != null) return false;
    }
    return true;
  }

  /** Runs blocking work (which may wait on the store's futures) on a virtual thread; completes on the caller's context. */
  static <T> Future<T> offLoop(Vertx vertx, Callable<T> work) {
    Promise<T> p = Promise.promise();
    Context ctx = vertx.getOrCreateContext();
    Thread.ofVirtual().name("amana-integrity").start(() -> {
      try {
        T t = work.call();
        ctx.runOnContext(v -> p.complete(t));
      } catch (Throwable e) {
        ctx.runOnContext(v -> p.fail(e));
      }
    });
    return p.future();
  }
}

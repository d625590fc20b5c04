package org.amana.gateway.integrity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.LogHash;
import org.amana.crypto.tlog.NoteException;
import org.amana.crypto.tlog.NoteSigner;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.crypto.tlog.Proofs;
import org.amana.storage.LogLeaf;
import org.amana.storage.Store;
import org.amana.storage.StoreException;
import org.amana.storage.StoredCheckpoint;
import org.amana.storage.SubmissionId;

/**
 * The gateway's side of the integrity log: signs checkpoints as the log grows (never one that is
 * inconsistent with the newest stored checkpoint), serves the newest one, and makes inclusion and
 * consistency proofs. Hashing runs off the event loop.
 *
 * <p>Proofs and signing read the leaf hashes they need from the database (32 bytes per leaf): fine
 * for millions of leaves; a bigger log would keep interior nodes.
 */
public final class Log {
  private final Vertx vertx;
  private final Store store;
  private final NoteSigner signer;
  private final Path witness;
  private Future<Optional<StoredCheckpoint>> signing = Future.succeededFuture(Optional.empty());

  /** @param witness where the newest signed checkpoint is also kept, outside the database (null: nowhere) */
  public Log(Vertx vertx, Store store, NoteSigner signer, Path witness) {
    this.vertx = vertx;
    this.store = store;
    this.signer = signer;
    this.witness = witness;
  }

  public NoteVerifier verifier() {
    return signer.verifier();
  }

  /** Signs a checkpoint of the whole log if it grew since the newest; one signing at a time in this process. */
  public synchronized Future<Optional<StoredCheckpoint>> signIfGrown() {
    signing = signing.transform(ignored -> signNow());
    return signing;
  }

  private Future<Optional<StoredCheckpoint>> signNow() {
    return Future.all(store.logSize(), store.latestCheckpoint()).compose(both -> {
      long size = both.resultAt(0);
      Optional<StoredCheckpoint> latest = both.resultAt(1);
      if (latest.isPresent() && latest.get().size() >= size) return Future.succeededFuture(latest);
      return store.leafHashes(0, size).compose(hashes -> vertx.executeBlocking(() -> sign(hashes, latest)))
          .compose(c -> store.addCheckpoint(c.size(), c.root(), c.note()).map(v -> Optional.of(c))
              // Another instance signed the same size first: its checkpoint stands.
              .recover(e -> e instanceof StoreException s && s.reason() == StoreException.Reason.CONFLICT
                  ? store.latestCheckpoint() : Future.failedFuture(e)))
          .onSuccess(c -> c.ifPresent(this::keepWitness));
    });
  }

  private StoredCheckpoint sign(List<byte[]> hashes, Optional<StoredCheckpoint> latest) {
    long size = hashes.size();
    byte[] root = LogHash.root(hashes);
    if (latest.isPresent()) {
      StoredCheckpoint old = latest.get();
      // c2sp.org/tlog-checkpoint: a log MUST NOT sign a checkpoint inconsistent with one it signed.
      Checkpoint previous = Checkpoint.parse(signer.verifier().verify(old.note()));
      List<byte[]> proof = Proofs.consistency(previous.size(), size, i -> hashes.get((int) i));
      if (previous.size() != old.size() || !Proofs.verifyConsistency(previous.size(), size, previous.root(), root, proof)) {
        throw new IntegrityException("refusing to sign: the log of " + size + " leaves is not consistent with checkpoint "
            + old.size() + " (run ops/gateway verify)");
      }
    }
    String note = signer.sign(new Checkpoint(signer.verifier().name(), size, root).text()).encoded();
    return new StoredCheckpoint(size, root, note, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
  }

  /** The newest signed checkpoint note, if any was signed. */
  public Future<Optional<String>> checkpointNote() {
    return store.latestCheckpoint().map(c -> c.map(StoredCheckpoint::note));
  }

  /** PATH(index, D[size]), for any size up to the log's. */
  public Future<List<byte[]>> inclusion(long index, long size) {
    if (index < 0 || index >= size) return Future.failedFuture(new IllegalArgumentException("need 0 <= index < size"));
    return hashesUpTo(size).compose(h -> vertx.executeBlocking(() -> Proofs.inclusion(index, size, i -> h.get((int) i))));
  }

  /** PROOF(from, D[to]), for any sizes up to the log's. */
  public Future<List<byte[]>> consistency(long from, long to) {
    if (from < 0 || from > to) return Future.failedFuture(new IllegalArgumentException("need 0 <= from <= to"));
    return hashesUpTo(to).compose(h -> vertx.executeBlocking(() -> Proofs.consistency(from, to, i -> h.get((int) i))));
  }

  private Future<List<byte[]>> hashesUpTo(long size) {
    return store.logSize().compose(n -> size > n || size > Integer.MAX_VALUE
        ? Future.failedFuture(new IllegalArgumentException("the log has only " + n + " leaves"))
        : store.leafHashes(0, size));
  }

  /** What a defender's receipt and check-in pages say about their submission. */
  public record Standing(String fingerprint, long index, long checkpointSize, boolean included) {}

  /**
   * The submission's leaf, checked to be included in the newest checkpoint (signed first if the log
   * grew). Empty if the submission has no leaf.
   */
  public Future<Optional<Standing>> standing(SubmissionId submission) {
    return store.submissionLeaf(submission).compose(leaf -> leaf.isEmpty() ? Future.succeededFuture(Optional.empty())
        : signIfGrown().compose(cp -> cp.isEmpty() ? Future.succeededFuture(Optional.of(new Standing(fingerprint(leaf.get().hash()),
            leaf.get().index(), 0, false))) : included(leaf.get(), cp.get()).map(Optional::of)));
  }

  private Future<Standing> included(LogLeaf leaf, StoredCheckpoint cp) {
    String fp = fingerprint(leaf.hash());
    if (leaf.index() >= cp.size()) return Future.succeededFuture(new Standing(fp, leaf.index(), cp.size(), false));
    return inclusion(leaf.index(), cp.size()).map(proof -> {
      boolean ok;
      try {
        Checkpoint signed = Checkpoint.parse(signer.verifier().verify(cp.note()));
        ok = signed.size() == cp.size()
            && Proofs.verifyInclusion(leaf.index(), cp.size(), LogHash.leaf(leaf.data()), proof, signed.root());
      } catch (NoteException e) {
        ok = false;
      }
      return new Standing(fp, leaf.index(), cp.size(), ok);
    });
  }

  /** The first 8 hex digits of a leaf hash, in two groups of four: short enough to write down. */
  public static String fingerprint(byte[] leafHash) {
    String hex = HexFormat.of().formatHex(leafHash, 0, 4);
    return hex.substring(0, 4) + " " + hex.substring(4);
  }

  /** Keeps the newest checkpoint outside the database too, so that the sweep notices a rolled-back database. */
  private void keepWitness(StoredCheckpoint c) {
    if (witness == null) return;
    try {
      Optional<Long> kept = Witness.read(witness, signer.verifier()).map(Checkpoint::size);
      if (kept.isPresent() && kept.get() >= c.size()) return;
      Path tmp = witness.resolveSibling(witness.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, c.note());
      Files.move(tmp, witness, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not keep the newest checkpoint in " + witness + ": " + e.getMessage());
    }
  }
}

package org.amana.gateway.integrity;

import io.vertx.core.Future;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.LogHash;
import org.amana.crypto.tlog.NoteException;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobKind;
import org.amana.storage.LeafFormat;
import org.amana.storage.LogLeaf;
import org.amana.storage.Store;
import org.amana.storage.StoredCheckpoint;
import org.amana.storage.SubmissionId;
import org.amana.storage.SubmissionRow;

/**
 * The integrity sweep: re-hashes every sealed object from its chunk rows, recomputes every leaf
 * hash and the tree, checks every stored checkpoint (signature, size, root, and so consistency
 * with each other) and the witness file, and reconciles submissions and blobs against the leaves.
 * It reports and never repairs.
 *
 * <p>Blocking: it waits on the store's futures, so run it on its own thread, never on an event loop.
 */
public final class Sweep {
  static final int LEAVES_PER_PAGE = 1000;
  static final int CHUNKS_PER_READ = 16; // 4 MiB of 256 KiB rows per query

  private final Store store;
  private final NoteVerifier verifier;
  private final java.nio.file.Path witness;
  private final Clock clock;

  public Sweep(Store store, NoteVerifier verifier, java.nio.file.Path witness, Clock clock) {
    this.store = store;
    this.verifier = verifier;
    this.witness = witness;
    this.clock = clock;
  }

  private record SubmissionLeaf(long index, LeafFormat.Decoded leaf) {}

  public SweepReport run() {
    List<String> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    // 1. Checkpoints: each signed by the log key, its row agreeing with its note.
    TreeMap<Long, byte[]> signedRoots = new TreeMap<>();
    for (StoredCheckpoint c : store.checkpoints().await()) {
      try {
        Checkpoint cp = Checkpoint.parse(verifier.verify(c.note()));
        if (cp.size() != c.size() || !Arrays.equals(cp.root(), c.root())) {
          findings.add("checkpoint " + c.size() + ": the stored size or root differs from its signed note (altered checkpoint row)");
        }
        signedRoots.put(cp.size(), cp.root());
      } catch (NoteException e) {
        findings.add("checkpoint " + c.size() + ": not validly signed by the log key " + verifier.name() + " (" + e.getMessage()
            + "): replaced or forged checkpoint");
      }
    }
    long newestStored = signedRoots.isEmpty() ? -1 : signedRoots.lastKey();
    Optional<Checkpoint> kept = Optional.empty();
    try {
      kept = Witness.read(witness, verifier);
    } catch (IOException | NoteException e) {
      findings.add("the witness file " + witness + " does not hold a checkpoint signed by the log key (" + e.getMessage() + ")");
    }
    if (kept.isPresent()) {
      Checkpoint w = kept.get();
      if (w.size() > newestStored) {
        findings.add("checkpoint " + w.size() + " was signed (witness file) but the newest in the database is "
            + newestStored + ": checkpoints rolled back");
      }
      byte[] other = signedRoots.putIfAbsent(w.size(), w.root());
      if (other != null && !Arrays.equals(other, w.root())) {
        findings.add("checkpoint " + w.size() + ": the database's root differs from the witness file's (replaced checkpoint)");
      }
    }

    // 2. Leaves: contiguous, each hash over its data, decodable, columns agreeing; the tree recomputed.
    LogHash.Accumulator tree = new LogHash.Accumulator();
    Map<SubmissionId, SubmissionLeaf> submissionLeaves = new LinkedHashMap<>();
    List<SubmissionLeaf> events = new ArrayList<>();
    long lastGood = 0;
    Long firstBad = null;
    LocalDate previousDay = null;
    walk:
    for (long from = 0; ; ) {
      List<LogLeaf> page = store.logLeaves(from, LEAVES_PER_PAGE).await();
      if (page.isEmpty()) break;
      for (LogLeaf leaf : page) {
        if (leaf.index() != tree.size()) {
          findings.add("leaves " + tree.size() + " to " + (leaf.index() - 1) + " are missing from the log (deleted leaves)");
          break walk; // the tree cannot be recomputed past a hole
        }
        byte[] data = leaf.data();
        byte[] hash = LogHash.leaf(data);
        if (!MessageDigest.isEqual(hash, leaf.hash())) findings.add("leaf " + leaf.index() + ": its stored hash does not match its data (altered leaf)");
        tree.add(hash);
        try {
          LeafFormat.Decoded d = LeafFormat.decode(data);
          if (!d.submission().equals(leaf.submission()) || !d.kindColumn().equals(leaf.kind())) {
            findings.add("leaf " + leaf.index() + ": its kind or submission column differs from its data (altered leaf)");
          }
          if (previousDay != null && d.day().isBefore(previousDay)) {
            findings.add("leaf " + leaf.index() + " is dated " + d.day() + ", before the leaf ahead of it (" + previousDay
                + "): leaves reordered");
          }
          previousDay = d.day();
          SubmissionLeaf sl = new SubmissionLeaf(leaf.index(), d);
          if (!d.isSubmission()) events.add(sl);
          else if (submissionLeaves.putIfAbsent(d.submission(), sl) != null) {
            findings.add("submission " + d.submission() + " has a second leaf " + leaf.index() + " (added leaf)");
          }
        } catch (IllegalArgumentException e) {
          findings.add("leaf " + leaf.index() + ": its data is not a valid leaf (" + e.getMessage() + "): altered leaf");
        }
        byte[] signed = signedRoots.get(tree.size());
        if (signed != null) {
          if (MessageDigest.isEqual(signed, tree.root())) {
            lastGood = tree.size();
          } else if (firstBad == null) {
            firstBad = tree.size();
          }
        }
      }
      from = page.getLast().index() + 1;
    }
    long size = tree.size();
    if (firstBad != null) {
      findings.add("checkpoint " + firstBad + ": its signed root differs from the log recomputed from its leaves: leaves "
          + lastGood + " to " + (firstBad - 1) + " were altered, swapped or replaced since they were signed");
    }
    for (long s : signedRoots.keySet()) {
      if (s > size) findings.add("checkpoint " + s + " was signed but the log has only " + size + " leaves: log rolled back");
    }
    if (size == 0 && signedRoots.containsKey(0L) && !Arrays.equals(signedRoots.get(0L), LogHash.emptyRoot())) {
      findings.add("checkpoint 0: its root is not the empty tree's");
    }
    if (newestStored < size) notes.add("leaves " + Math.max(newestStored, 0) + " to " + (size - 1) + " are not yet in a signed checkpoint");

    // 3. Rows against leaves, then every sealed object re-hashed against its leaf.
    Map<SubmissionId, LocalDate> rows = new HashMap<>();
    store.committedSubmissions().await().forEach(r -> rows.put(r.id(), r.receivedOn()));
    Map<SubmissionId, List<BlobInfo>> blobs = new HashMap<>();
    for (SubmissionRow.Blob b : store.committedBlobs().await()) blobs.computeIfAbsent(b.submission(), k -> new ArrayList<>()).add(b.info());
    for (SubmissionId id : rows.keySet()) {
      if (!submissionLeaves.containsKey(id)) findings.add("submission " + id + ": committed in the database but not in the log (added row)");
    }
    long hashedBlobs = 0;
    long hashedBytes = 0;
    for (SubmissionLeaf sl : submissionLeaves.values()) {
      SubmissionId id = sl.leaf().submission();
      if (!rows.containsKey(id)) {
        findings.add("submission " + id + " (leaf " + sl.index() + "): in the log but missing from the database (deleted row)");
        continue;
      }
      if (!rows.get(id).equals(sl.leaf().day())) findings.add("submission " + id + ": its day differs from the log's (altered row)");
      Map<String, BlobInfo> stored = new LinkedHashMap<>();
      for (BlobInfo b : blobs.getOrDefault(id, List.of())) stored.put(name(b.kind(), b.ordinal()), b);
      for (LeafFormat.SealedObject o : sl.leaf().objects()) {
        String what = "submission " + id + " " + name(o.kind(), o.ordinal());
        BlobInfo b = stored.remove(name(o.kind(), o.ordinal()));
        if (b == null) {
          findings.add(what + ": in the log but missing from the database (deleted blob)");
          continue;
        }
        if (b.sealedSize() != o.sealedSize() || !MessageDigest.isEqual(b.sealedSha256(), o.sealedSha256())) {
          findings.add(what + ": the blob row's size or SHA-256 differs from the log (altered row)");
        }
        String problem = rehash(store, b, o);
        if (problem != null) findings.add(what + ": " + problem);
        hashedBlobs++;
        hashedBytes += o.sealedSize();
      }
      for (String extra : stored.keySet()) findings.add("submission " + id + " " + extra + ": in the database but not in the log (added blob)");
    }
    for (SubmissionLeaf e : events) {
      if (!rows.containsKey(e.leaf().submission())) {
        findings.add("leaf " + e.index() + ": event '" + e.leaf().eventKind() + "' of submission " + e.leaf().submission()
            + ", which is missing from the database (deleted row)");
      }
    }
    consentEvents(rows.keySet(), events, findings);
    return new SweepReport(LocalDate.now(clock.withZone(ZoneOffset.UTC)), size, submissionLeaves.size(), hashedBlobs, hashedBytes,
        newestStored, findings, notes);
  }

  /**
   * Every stored consent event against the log's consent leaves, in order: a deleted event (a
   * withdrawal hidden, so that the console would allow again what the defender stopped) or an
   * added or altered one is a finding.
   */
  private void consentEvents(java.util.Set<SubmissionId> submissions, List<SubmissionLeaf> events, List<String> findings) {
    Map<SubmissionId, List<SubmissionLeaf>> logged = new HashMap<>();
    for (SubmissionLeaf e : events) {
      String kind = e.leaf().eventKind();
      if (kind.startsWith("consent_") && !kind.equals("consent_requested")) {
        logged.computeIfAbsent(e.leaf().submission(), k -> new ArrayList<>()).add(e);
      }
    }
    for (SubmissionId id : submissions) {
      List<org.amana.storage.SealedRecord> stored = store.consentEvents(id).await();
      List<SubmissionLeaf> leaves = logged.getOrDefault(id, List.of());
      for (int i = 0; i < Math.max(stored.size(), leaves.size()); i++) {
        if (i >= stored.size()) {
          findings.add("submission " + id + ": consent event of leaf " + leaves.get(i).index() + " is missing from the database "
              + "(deleted consent event: a withdrawal may be hidden from reviewers)");
        } else if (i >= leaves.size()) {
          findings.add("submission " + id + ": consent event " + stored.get(i).id() + " is in the database but not in the log (added consent event)");
        } else if (!MessageDigest.isEqual(stored.get(i).sealedSha256(), leaves.get(i).leaf().commitmentOrDetails())
            || !MessageDigest.isEqual(LogHash.sha256Digest().digest(stored.get(i).sealed().getBytes()), stored.get(i).sealedSha256())) {
          findings.add("submission " + id + ": consent event " + stored.get(i).id() + " differs from its leaf " + leaves.get(i).index()
              + " (altered, replaced or reordered consent event)");
        }
      }
    }
  }

  /** Null if the chunk rows hold exactly the object the leaf names; else what is wrong. */
  static String rehash(Store store, BlobInfo blob, LeafFormat.SealedObject expected) {
    MessageDigest md = LogHash.sha256Digest();
    long bytes = 0;
    int next = 0;
    Future<List<SubmissionRow.Chunk>> reading = store.chunks(blob.id(), 0, CHUNKS_PER_READ);
    while (true) {
      List<SubmissionRow.Chunk> page = reading.await();
      if (page.isEmpty()) break;
      // Ask for the next rows before hashing these: the database and the hash work at once.
      reading = store.chunks(blob.id(), page.getLast().index() + 1, CHUNKS_PER_READ);
      for (SubmissionRow.Chunk c : page) {
        if (c.index() != next) return "chunk " + next + " is missing (truncated or damaged blob)";
        md.update(c.data().getBytes());
        bytes += c.data().length();
        next++;
      }
    }
    if (bytes != expected.sealedSize()) {
      return "its chunks hold " + bytes + " bytes, the log says " + expected.sealedSize() + " (truncated or extended blob)";
    }
    if (!MessageDigest.isEqual(md.digest(), expected.sealedSha256())) return "its sealed bytes do not match the log's SHA-256 (altered chunk)";
    return null;
  }

  private static String name(BlobKind kind, int ordinal) {
    return kind == BlobKind.MANIFEST ? "manifest" : "file " + ordinal;
  }
}

package org.amana.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.LogHash;
import org.amana.crypto.tlog.NoteSigner;
import org.amana.gateway.integrity.Sweep;
import org.amana.gateway.integrity.SweepReport;
import org.amana.storage.BlobKind;
import org.amana.storage.BlobWriter;
import org.amana.storage.EmbeddedDatabase;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;
import org.amana.storage.SubmissionRow;

/**
 * {@code ops/bench sweep}: the integrity sweep against a plain sequential read of the same chunk
 * rows, in one run, on an embedded PostgreSQL. The store (default 5 GiB) is made directly through
 * the storage API: random bytes stand in for sealed blobs (the sweep hashes ciphertext and cannot
 * tell), 64 MiB per file, three files and a small manifest per submission, one log leaf each, and a
 * signed checkpoint. Then: read, sweep, read again (so neither side alone has the warmer cache).
 */
public final class SweepBench {
  private static final long FILE = 64L << 20;
  private static final int ROW = BlobWriter.RECOMMENDED_APPEND_BYTES;

  private SweepBench() {}

  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 5L << 30;
    Path data = Path.of(args.length > 1 ? args[1] : "target/bench").toAbsolutePath().resolve("sweep");
    TestFolders.recreate(data);
    Vertx vertx = Vertx.vertx();
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"))) {
      Store store = Store.connect(vertx, db.config()).await();
      long t0 = System.nanoTime();
      long written = fill(store, size);
      System.out.printf("made: %.0f MiB of sealed stand-ins in %.0f s%n", written / 1048576.0, (System.nanoTime() - t0) / 1e9);
      NoteSigner signer = NoteSigner.generate("bench.amana/log", new SecureRandom());
      long n = store.logSize().await();
      byte[] root = LogHash.root(store.leafHashes(0, n).await());
      store.addCheckpoint(n, root, signer.sign(new Checkpoint(signer.verifier().name(), n, root).text()).encoded()).await();

      double read1 = read(store);
      long s0 = System.nanoTime();
      SweepReport report = new Sweep(store, signer.verifier(), null, Clock.systemUTC()).run();
      double sweep = (System.nanoTime() - s0) / 1e9;
      double read2 = read(store);
      if (!report.ok()) throw new AssertionError(report.text());
      double mib = report.sealedBytes() / 1048576.0;
      double read = Math.min(read1, read2);
      System.out.printf("sweep: %.0f MiB in %d sealed objects, %d leaves: %.1f s, %.0f MiB/s%n", mib, report.blobs(), report.leaves(),
          sweep, mib / sweep);
      System.out.printf("plain sequential read of the same rows: %.1f s and %.1f s, best %.0f MiB/s%n", read1, read2, mib / read);
      System.out.printf("sweep / read throughput: %.2f%n", read / sweep);
      store.close().await();
    } finally {
      vertx.close().await();
    }
  }

  /** Submissions of three 64 MiB files and a 4 KiB manifest until {@code size} bytes are stored. */
  private static long fill(Store store, long size) {
    SplittableRandom random = new SplittableRandom(7);
    byte[] row = new byte[ROW];
    long written = 0;
    while (written < size) {
      SubmissionId id = store.beginSubmission().await();
      for (int f = 1; f <= 3 && written < size; f++) {
        BlobWriter w = store.openBlob(id, BlobKind.FILE, f).await();
        MessageDigest md = LogHash.sha256Digest();
        for (long done = 0; done < FILE; done += ROW) {
          random.nextBytes(row);
          md.update(row);
          w.append(Buffer.buffer(row)).await();
        }
        w.finish(FILE, md.digest()).await();
        written += FILE;
      }
      byte[] manifest = new byte[4096];
      random.nextBytes(manifest);
      store.commit(id, Buffer.buffer(manifest), LogHash.sha256Digest().digest(manifest), null, null, new byte[32]).await();
      written += manifest.length;
    }
    return written;
  }

  /** The reference: every committed blob's chunk rows, read in order with the sweep's page size, not hashed. */
  private static double read(Store store) {
    long t0 = System.nanoTime();
    long bytes = 0;
    for (SubmissionRow.Blob b : store.committedBlobs().await()) {
      for (int from = 0; ; ) {
        List<SubmissionRow.Chunk> page = store.chunks(b.info().id(), from, 16).await();
        if (page.isEmpty()) break;
        for (SubmissionRow.Chunk c : page) bytes += c.data().length();
        from = page.getLast().index() + 1;
      }
    }
    if (bytes == 0) throw new AssertionError("nothing read");
    return (System.nanoTime() - t0) / 1e9;
  }
}

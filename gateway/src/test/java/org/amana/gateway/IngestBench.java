package org.amana.gateway;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.amana.gateway.SocketUpload.File;
import org.amana.storage.DatabaseConfig;
import org.amana.storage.EmbeddedDatabase;

/**
 * {@code ops/bench ingest}: the gateway's ingest against a raw write of the same bytes into the
 * same PostgreSQL, in one run.
 *
 * <ol>
 *   <li>One large upload (default 1 GiB of incompressible bytes), streamed over loopback HTTP into
 *       a gateway running as the operator runs it — its own JVM under {@code -Xmx256m}, an embedded
 *       PostgreSQL, one X25519 recipient (the demo identity) — against {@code INSERT}s of the same
 *       bytes in 256 KiB bytea rows into that PostgreSQL (one transaction, over JDBC). Twice each,
 *       alternating, after a checkpoint each time; the best of two.
 *   <li>200 uploads at once, 1 MiB each, every one paced to 64 KiB/s: all must get their receipt.
 * </ol>
 *
 * <p>Peak heap is the gateway JVM's own (its memory pools, read over JMX: {@link RemoteHeap}); this
 * driver runs in another JVM, so its buffers and threads are not counted. It lives with the tests
 * because its reference write is raw SQL, which the gateway itself must never contain.
 */
public final class IngestBench {
  private static final int ROW = 256 * 1024;
  private static final int CONCURRENT = 200;
  private static final long SLOW_FILE = 1L << 20;
  private static final long SLOW_RATE = 64 * 1024;

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
    Path data = Path.of(args.length > 1 ? args[1] : "target/bench").toAbsolutePath().resolve("ingest");
    GatewayProcess.stopPostgres(data); // one an interrupted earlier run may have left
    TestFolders.recreate(data);
    boolean ok = true;
    // A gateway out of heap stops at once (and the uploads fail) rather than thrash in GC for minutes.
    try (GatewayProcess gateway = GatewayProcess.start(data, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        RemoteHeap heap = new RemoteHeap(gateway.pid());
        Connection db = connect(EmbeddedDatabase.running(data.resolve("postgres")).orElseThrow())) {
      try (Statement s = db.createStatement()) {
        // The reference table stores its bytes like the gateway's chunk table: out of line, uncompressed.
        s.execute("CREATE TABLE bench_raw (idx integer PRIMARY KEY, data bytea NOT NULL)");
        s.execute("ALTER TABLE bench_raw ALTER COLUMN data SET STORAGE EXTERNAL");
      }
      // Warm-up (the JIT, the connection pools, the table files), not measured.
      upload(gateway, 64L << 20, 1);
      rawInsert(db, 64L << 20, 1);

      heap.resetPeaks();
      double gatewaySeconds = Double.MAX_VALUE;
      double rawSeconds = Double.MAX_VALUE;
      for (int round = 0; round < 2; round++) {
        checkpoint(db);
        rawSeconds = Math.min(rawSeconds, rawInsert(db, size, 2));
        checkpoint(db);
        gatewaySeconds = Math.min(gatewaySeconds, upload(gateway, size, 2));
      }
      String peaks = peaks(heap);

      double mib = size / 1048576.0;
      System.out.printf("ingest: %.0f MiB of incompressible bytes, over loopback HTTP into the gateway (own JVM, max heap %.0f MiB,"
          + " embedded PostgreSQL, 1 X25519 recipient); best of 2%n", mib, heap.max() / 1048576.0);
      line("gateway upload, sealed into rows", "%8.1f MiB/s  (%.1f s)", mib / gatewaySeconds, gatewaySeconds);
      line("raw bytea INSERT, 256 KiB rows", "%8.1f MiB/s  (%.1f s)", mib / rawSeconds, rawSeconds);
      line("ratio gateway / raw", "%8.0f %%     (target >= 40 %%)", 100 * rawSeconds / gatewaySeconds);
      line("gateway heap", "%s", peaks);

      heap.resetPeaks();
      long start = System.nanoTime();
      int completed = concurrentSlowUploads(gateway);
      double seconds = (System.nanoTime() - start) / 1e9;
      ok = completed == CONCURRENT && gateway.alive();
      System.out.printf("concurrent: %d uploads of %d KiB, each paced to %d KiB/s (%.0f s at that pace)%n",
          CONCURRENT, SLOW_FILE / 1024, SLOW_RATE / 1024, (double) SLOW_FILE / SLOW_RATE);
      line("completed with a receipt", "%8d of %d", completed, CONCURRENT);
      line("time until the last receipt", "%8.1f s", seconds);
      if (gateway.alive()) {
        line("gateway heap", "%s", peaks(heap));
      } else {
        List<String> said = gateway.output().lines().toList();
        System.out.println("  the gateway DIED; its last lines:\n    " + String.join("\n    ", said.subList(Math.max(0, said.size() - 3), said.size())));
      }
    } finally {
      TestFolders.recreate(data); // gigabytes of benchmark rows: not worth keeping
    }
    if (!ok) System.exit(1);
  }

  private static void line(String label, String format, Object... values) {
    System.out.printf("  %-34s %s%n", label, String.format(format, values));
  }

  private static String peaks(RemoteHeap heap) {
    return String.format("peak %.1f MiB (sum of pool peaks), old generation peak %.1f MiB, most left after a GC %.1f MiB",
        heap.peak() / 1048576.0, heap.oldPeak() / 1048576.0, heap.peakAfterGc() / 1048576.0);
  }

  /** One submission with one file of {@code size} bytes, as fast as the gateway takes it; seconds. */
  private static double upload(GatewayProcess gateway, long size, long seed) throws Exception {
    long start = System.nanoTime();
    SocketUpload.post(gateway.sitePort(), "en", "benchmark", List.of(new File("bench.bin", size, () -> new GeneratedBytes(size, seed, null))), 0)
        .receipt(); // fails unless the receipt page came back
    return (System.nanoTime() - start) / 1e9;
  }

  /** The same bytes as {@link #upload}, INSERTed in 256 KiB rows in one transaction; seconds. */
  private static double rawInsert(Connection db, long size, long seed) throws Exception {
    try (Statement s = db.createStatement()) {
      s.execute("TRUNCATE bench_raw");
    }
    long start = System.nanoTime();
    byte[] row = new byte[ROW];
    try (InputStream in = new GeneratedBytes(size, seed, null);
        PreparedStatement insert = db.prepareStatement("INSERT INTO bench_raw (idx, data) VALUES (?, ?)")) {
      for (int idx = 0, n; (n = in.readNBytes(row, 0, ROW)) > 0; idx++) {
        insert.setInt(1, idx);
        insert.setBytes(2, n == ROW ? row : Arrays.copyOf(row, n));
        insert.executeUpdate();
      }
    }
    db.commit();
    return (System.nanoTime() - start) / 1e9;
  }

  /** 200 paced uploads at once, each on its own connection; how many got a receipt. */
  private static int concurrentSlowUploads(GatewayProcess gateway) throws Exception {
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<String>> receipts = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        long seed = 1000 + i;
        receipts.add(clients.submit(() -> SocketUpload.post(gateway.sitePort(), "en", "slow " + seed,
            List.of(new File("slow.bin", SLOW_FILE, () -> new GeneratedBytes(SLOW_FILE, seed, null))), SLOW_RATE).receipt()));
      }
      int completed = 0;
      Map<String, Integer> failures = new TreeMap<>();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      for (Future<String> r : receipts) {
        try {
          r.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          completed++;
        } catch (ExecutionException | TimeoutException e) {
          failures.merge(String.valueOf(e.getCause() == null ? e : e.getCause()), 1, Integer::sum);
        }
      }
      failures.forEach((why, n) -> System.out.println("  failed: " + n + " x " + why));
      clients.shutdownNow(); // those still running after the deadline
      return completed;
    }
  }

  /** Starts each measured write with no dirty pages left by the one before. */
  private static void checkpoint(Connection db) throws Exception {
    db.commit();
    db.setAutoCommit(true);
    try (Statement s = db.createStatement()) {
      s.execute("CHECKPOINT");
    }
    db.setAutoCommit(false);
  }

  private static Connection connect(DatabaseConfig c) throws Exception {
    Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + c.port() + "/" + c.database(), c.user(), c.password());
    db.setAutoCommit(false);
    return db;
  }
}

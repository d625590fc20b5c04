package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.amana.gateway.SocketUpload.File;
import org.amana.gateway.ingest.Receipts;
import org.amana.storage.DatabaseConfig;
import org.amana.storage.EmbeddedDatabase;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;
import org.amana.storage.SubmissionSummary;
import org.junit.jupiter.api.Test;

/**
 * The gateway killed with SIGKILL while uploads are in flight and right after a receipt was shown,
 * then started again on the same data folder, both times as its own JVM ({@link GatewayProcess}):
 * every receipt that was shown still opens its submission, reviewers see exactly the completed
 * submissions, and what the interrupted uploads left is gone.
 */
class DurabilityTest {
  private static final Path DATA = Path.of("target", "durability-test").toAbsolutePath();
  private static final int IN_FLIGHT = 3;
  private static final int COMPLETED = 3;
  private static final List<String> JVM = List.of("-Xmx512m");

  @Test
  void sigkill_uploadsInFlightAndReceiptJustShown_shownReceiptsOpenAndLeftoversAreRemoved() throws Exception {
    GatewayProcess.stopPostgres(DATA); // one an interrupted earlier run may have left
    TestFolders.recreate(DATA);
    List<String> receipts = new ArrayList<>();
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    Vertx vertx = Vertx.vertx();
    try (GatewayProcess first = GatewayProcess.start(DATA, JVM)) {
      // Uploads of a 1 GiB file at 256 KiB/s: still streaming when the gateway dies.
      List<Future<SocketUpload.Response>> inFlight = new ArrayList<>();
      for (int i = 0; i < IN_FLIGHT; i++) {
        long seed = i;
        inFlight.add(clients.submit(() -> SocketUpload.post(first.sitePort(), "en", "in flight " + seed,
            List.of(new File("big-" + seed + ".bin", 1L << 30, () -> new GeneratedBytes(1L << 30, seed, null))), 256 * 1024)));
      }
      // Wait until each has rows in the database, so the restart has real leftovers to remove.
      Pool db = pool(vertx, EmbeddedDatabase.running(DATA.resolve("postgres")).orElseThrow());
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (count(db, "SELECT count(DISTINCT b.submission_id) FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id") < IN_FLIGHT) {
        assertTrue(System.nanoTime() < deadline, "the uploads in flight never reached the database");
        Thread.sleep(100);
      }
      db.close().await(); // a session left open would keep the orphaned PostgreSQL from stopping

      for (int i = 0; i < COMPLETED; i++) {
        String receipt = SocketUpload.post(first.sitePort(), "en", "complete report " + i, twoFiles(i), 0).receipt();
        receipts.add(receipt);
        if (i == COMPLETED - 1) first.kill(); // right after this receipt was shown
      }
      assertTrue(GatewayProcess.postgres(DATA).isPresent(), "the killed gateway's PostgreSQL is left running");
      for (Future<SocketUpload.Response> upload : inFlight) {
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> upload.get(60, TimeUnit.SECONDS), "an upload in flight cannot complete");
        assertInstanceOf(IOException.class, e.getCause());
      }

      try (GatewayProcess second = GatewayProcess.start(DATA, JVM)) {
        assertTrue(second.output().contains("Removed " + IN_FLIGHT + " unfinished upload(s)"), second.output());
        for (String receipt : receipts) assertCheckInOpens(second.sitePort(), receipt);
        assertStoreHoldsExactly(vertx, receipts);
      }
    } finally {
      clients.shutdownNow();
      vertx.close().await();
    }
    assertTrue(GatewayProcess.postgres(DATA).isEmpty(), "no PostgreSQL is left running");
  }

  /** Reviewers see the completed submissions, whole, and nothing of the interrupted ones. */
  private static void assertStoreHoldsExactly(Vertx vertx, List<String> receipts) throws Exception {
    DatabaseConfig config = EmbeddedDatabase.running(DATA.resolve("postgres")).orElseThrow();
    Store store = Store.connect(vertx, config).await();
    Pool db = pool(vertx, config);
    try {
      List<SubmissionSummary> committed = store.listCommitted().await();
      Set<SubmissionId> listed = new HashSet<>();
      for (SubmissionSummary s : committed) {
        listed.add(s.id());
        assertEquals(2, s.fileCount(), "a committed submission has both its files");
      }
      // The submissions the receipts lead to, found as the gateway finds them (Argon2id lookup).
      Receipts hashing = new Receipts(new SecureRandom(), store.deploymentSecret("receipt-salt").await(),
          vertx.createSharedWorkerExecutor("durability-receipts", 1));
      Set<SubmissionId> shown = new HashSet<>();
      for (String receipt : receipts) {
        Receipts.Keys keys = hashing.derive(Receipts.normalize(receipt).orElseThrow()).await();
        shown.add(store.findReceipt(keys.lookup()).await().orElseThrow().submission());
      }
      assertEquals(shown, listed, "reviewers see exactly the submissions whose receipts were shown");

      assertEquals(0, count(db, "SELECT count(*) FROM submissions WHERE state <> 'committed'"), "no upload left receiving");
      assertEquals(COMPLETED, count(db, "SELECT count(*) FROM submissions"));
      assertEquals(0, count(db, """
          SELECT count(*) FROM blob_chunks c LEFT JOIN blobs b ON b.id = c.blob_id
          LEFT JOIN submissions s ON s.id = b.submission_id WHERE s.state IS DISTINCT FROM 'committed'"""),
          "no chunk of an interrupted upload is left");
      assertEquals(0, count(db, """
          SELECT count(*) FROM blobs b WHERE b.sealed_size IS NULL OR b.sealed_size <>
            (SELECT coalesce(sum(octet_length(c.data)), 0) FROM blob_chunks c WHERE c.blob_id = b.id)"""),
          "every stored blob is complete: its chunks add up to its sealed size");
    } finally {
      db.close().await();
      store.close().await();
    }
  }

  /** The check-in form, posted as a browser would: the receipt opens the submission's page. */
  private static void assertCheckInOpens(int port, String receipt) throws Exception {
    String token = SocketUpload.token();
    String form = "csrf=" + token + "&receipt=" + receipt.replace(' ', '+');
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/en/check-in"))
        .header("Cookie", "amana_csrf=" + token).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(BodyPublishers.ofString(form)).build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("<h1>Your report</h1>") && response.body().contains("Received on"),
        "receipt " + receipt + " opens its submission: " + response.body());
  }

  private static List<File> twoFiles(int i) {
    byte[] text = ("Notes of complete report " + i + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
    return List.of(new File("notes-" + i + ".txt", text.length, () -> new ByteArrayInputStream(text)),
        new File("video-" + i + ".bin", 3L << 20, () -> new GeneratedBytes(3L << 20, 100 + i, null)));
  }

  private static Pool pool(Vertx vertx, DatabaseConfig config) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(config.connectOptions()).using(vertx).build();
  }

  private static long count(Pool db, String sql) {
    return db.query(sql).execute().await().iterator().next().getLong(0);
  }

}

package org.amana.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.amana.crypto.Identities;
import org.amana.crypto.Identity;
import org.amana.crypto.Recipients;
import org.amana.crypto.X25519Identity;
import org.amana.crypto.tlog.NoteSigner;
import org.amana.gateway.api.ReviewerApi;
import org.amana.gateway.ingest.CheckInTokens;
import org.amana.gateway.integrity.DefenderProof;
import org.amana.gateway.ingest.Consents;
import org.amana.gateway.integrity.Log;
import org.amana.gateway.integrity.LogKeys;
import org.amana.gateway.integrity.LogRoutes;
import org.amana.gateway.integrity.SubmissionCheck;
import org.amana.gateway.integrity.Sweep;
import org.amana.gateway.integrity.SweepReport;
import org.amana.gateway.ingest.ReceiptCheckIn;
import org.amana.gateway.ingest.Receipts;
import org.amana.gateway.ingest.Cleaning;
import org.amana.gateway.ingest.StreamingIntake;
import org.amana.gateway.strip.StripLimits;
import org.amana.gateway.strip.Strippers;
import org.amana.gateway.site.SiteRoutes;
import org.amana.storage.DatabaseConfig;
import org.amana.storage.Store;

/**
 * A running gateway: the store, the submission site and the reviewer API, wired by hand. Started
 * by {@code serve} and, the same way, by the tests.
 */
public final class Gateway implements AutoCloseable {

  /**
   * @param removeAbandonedOlderThanDays 0 when this is the only instance (its predecessor's
   *     unfinished uploads can be removed at once), 2 when instances share the database
   * @param demoIdentity where to create a demo reviewer identity when no recipient is enrolled;
   *     null to refuse submissions instead
   */
  public record Settings(DatabaseConfig database, String site, String api, Limits limits,
      int removeAbandonedOlderThanDays, Path demoIdentity, Path logKey, Duration sweepEvery) {

    /**
     * The log key beside the demo identity (or, with none, a throwaway key: tests only), swept daily.
     */
    public Settings(DatabaseConfig database, String site, String api, Limits limits, int removeAbandonedOlderThanDays,
        Path demoIdentity) {
      this(database, site, api, limits, removeAbandonedOlderThanDays, demoIdentity,
          demoIdentity == null ? null : demoIdentity.resolveSibling("log.key"), Duration.ofDays(1));
    }

    /** The newest signed checkpoint, kept beside the log key (outside the database). */
    Path witness() {
      return logKey == null ? null : logKey.resolveSibling("log-checkpoint.txt");
    }
  }

  private final Vertx vertx;
  private final Store store;
  private final HttpServer siteServer;
  private final HttpServer apiServer;
  private final Path spoolFolder;
  private final Log log;
  private final AtomicReference<SweepReport> lastSweep;
  private final List<Long> timers;

  private Gateway(Vertx vertx, Store store, HttpServer siteServer, HttpServer apiServer, Path spoolFolder, Log log,
      AtomicReference<SweepReport> lastSweep, List<Long> timers) {
    this.vertx = vertx;
    this.store = store;
    this.siteServer = siteServer;
    this.apiServer = apiServer;
    this.spoolFolder = spoolFolder;
    this.log = log;
    this.lastSweep = lastSweep;
    this.timers = timers;
  }

  /** Starts everything; blocks until both listeners are up. */
  public static Gateway start(Settings s, PrintWriter out) throws Exception {
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    Vertx vertx = Vertx.vertx();
    Store store = Store.connect(vertx, s.database()).await();
    // Uploads a previous process was receiving when it stopped can never complete.
    int removed = store.removeAbandoned(s.removeAbandonedOlderThanDays()).await();
    if (removed > 0) out.println("Removed " + removed + " unfinished upload(s) left by an earlier run.");
    if (store.activeRecipients().await().isEmpty() && s.demoIdentity() != null) enrollDemoReviewer(store, s.demoIdentity(), out);

    WorkerExecutor argon2 = vertx.createSharedWorkerExecutor("amana-receipts", 2);
    Receipts receipts = new Receipts(random, store.deploymentSecret("receipt-salt").await(), argon2);
    byte[] tokenKey = store.deploymentSecret("token-key").await();
    CheckInTokens tokens = new CheckInTokens(tokenKey, clock, Duration.ofMinutes(30));
    // Cleaning a large file takes minutes of one thread: a small pool of its own, so that it never
    // holds up the short spool writes of other uploads, and bounds how many files are cleaned at once.
    Path spoolFolder = Cleaning.newSpoolFolder(null);
    Cleaning cleaning = new Cleaning(Strippers.standard(), StripLimits.DEFAULT, spoolFolder, random,
        vertx.createSharedWorkerExecutor("amana-spool", 4), vertx.createSharedWorkerExecutor("amana-clean", 2, 1, TimeUnit.HOURS));
    java.util.function.Supplier<io.vertx.core.Future<List<org.amana.crypto.Recipient>>> reviewers =
        () -> store.activeRecipients().map(list -> list.stream().map(Recipients::parse).toList());
    Consents consents = new Consents(store, reviewers, clock);
    StreamingIntake intake = new StreamingIntake(store, receipts, tokens, s.limits(), clock, reviewers, cleaning, consents);

    NoteSigner signer;
    if (s.logKey() != null) {
      signer = LogKeys.loadOrCreate(s.logKey(), random, out);
    } else {
      signer = NoteSigner.generate("amana.log/throwaway", random);
      out.println("!!! No log key file: checkpoints are signed with a throwaway key (tests only).");
    }
    Log log = new Log(vertx, store, signer, s.witness());
    AtomicReference<SweepReport> lastSweep = new AtomicReference<>();
    LogRoutes logRoutes = new LogRoutes(log, lastSweep);
    SubmissionCheck check = new SubmissionCheck(vertx, store, log);
    log.signIfGrown().onFailure(e -> System.err.println("!!! INTEGRITY: " + e.getMessage())).await();

    SiteRoutes site = new SiteRoutes(vertx, intake, new ReceiptCheckIn(store, receipts, tokens, check::check, consents), s.limits(), random)
        .withLog(logRoutes).withProofs(new DefenderProof(vertx, store, log, tokens));
    ReviewerApi api = new ReviewerApi(vertx, store, tokenKey, clock, random).withLog(logRoutes);
    HttpServer siteServer = vertx.createHttpServer(siteOptions(s.limits())).requestHandler(site.routes())
        .invalidRequestHandler(site.invalidRequests()).listen(Serve.port(s.site()), Serve.host(s.site())).await();
    HttpServer apiServer = listen(vertx, new HttpServerOptions(), api.routes(), s.api());

    // Sign a checkpoint soon after the log grows (a commit or a custody event, from any instance).
    // Uploads held for a defender's decision about files that could not be cleaned expire on time.
    long expiring = vertx.setPeriodic(60_000, id -> intake.expireWaiting());
    long signing = vertx.setPeriodic(SIGN_EVERY.toMillis(), id -> log.signIfGrown()
        .onFailure(e -> System.err.println("!!! INTEGRITY: " + e.getMessage())));
    Sweep sweep = new Sweep(store, signer.verifier(), s.witness(), clock);
    long sweeping = vertx.setPeriodic(Math.min(s.sweepEvery().toMillis(), Duration.ofMinutes(10).toMillis()), s.sweepEvery().toMillis(),
        id -> sweepInBackground(sweep, lastSweep));
    return new Gateway(vertx, store, siteServer, apiServer, spoolFolder, log, lastSweep, List.of(signing, sweeping, expiring));
  }

  /** How soon a grown log gets a signed checkpoint. */
  static final Duration SIGN_EVERY = Duration.ofSeconds(2);

  /** A sweep on its own thread (it blocks on the store): the result goes to the health endpoint, findings to stderr. */
  private static void sweepInBackground(Sweep sweep, AtomicReference<SweepReport> lastSweep) {
    Thread.ofVirtual().name("amana-sweep").start(() -> {
      try {
        SweepReport r = sweep.run();
        lastSweep.set(r);
        if (!r.ok()) System.err.print("!!! INTEGRITY SWEEP FOUND PROBLEMS\n" + r.text());
      } catch (RuntimeException e) {
        System.err.println("!!! INTEGRITY SWEEP could not run: " + e.getMessage());
      }
    });
  }

  /** Runs one sweep now, waits for it, and publishes it to the health endpoint (tests and on demand). */
  public SweepReport sweepNow() {
    SweepReport r = new Sweep(store, log.verifier(), null, Clock.systemUTC()).run();
    lastSweep.set(r);
    return r;
  }

  public Log log() {
    return log;
  }

  public int sitePort() {
    return siteServer.actualPort();
  }

  public int apiPort() {
    return apiServer.actualPort();
  }

  public Store store() {
    return store;
  }

  /** Stops listening, then closes the store and Vert.x; uploads in flight are abandoned. */
  @Override
  public void close() {
    timers.forEach(vertx::cancelTimer);
    Future.join(siteServer.close(), apiServer.close()).await();
    store.close().await();
    vertx.close().await();
    // Spools are deleted as their uploads end; what an abandoned upload left is ciphertext whose key is gone.
    try (var left = Files.list(spoolFolder)) {
      for (Path p : left.toList()) Files.deleteIfExists(p);
      Files.deleteIfExists(spoolFolder);
    } catch (java.io.IOException e) {
      // nothing readable is lost: the folder holds only ciphertext
    }
  }

  private static HttpServerOptions siteOptions(Limits limits) {
    // Vert.x keeps multipart text fields in memory: room for the longest report in UTF-8, no more.
    int field = limits.maxReportChars() * 4 + 1024;
    return new HttpServerOptions()
        .setMaxHeaderSize(limits.maxHeaderBytes())
        .setMaxFormAttributeSize(field)
        .setMaxFormFields(limits.maxParts())
        .setMaxFormBufferedBytes(field)
        .setCompressionSupported(false);
  }

  private static HttpServer listen(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler, String hostPort) {
    return vertx.createHttpServer(options).requestHandler(handler).listen(Serve.port(hostPort), Serve.host(hostPort)).await();
  }

  /** A software identity in the data folder, so that a first run can be tried end to end. Never for real use. */
  private static void enrollDemoReviewer(Store store, Path file, PrintWriter out) throws Exception {
    String recipient;
    if (Files.exists(file)) {
      List<Identity> ids = Identities.parseFile(Files.readString(file));
      recipient = ((X25519Identity) ids.getFirst()).recipient().encoded();
    } else {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (X25519Identity id = X25519Identity.generate()) {
        recipient = id.recipient().encoded();
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "# Amana DEMO reviewer identity: software, not hardware-backed. Never use it for real submissions.\n"
            + "# public key: " + recipient + "\n" + id.insecureEncoding() + "\n");
      }
    }
    store.addRecipient(Recipients.parse(recipient).encoded(), "DEMO (software identity in " + file + ")", null).await();
    out.println();
    out.println("!!! DEMO MODE: no reviewer was enrolled, so submissions are sealed to a DEMO identity");
    out.println("!!! whose private key is in " + file.toAbsolutePath() + " (software, on this server).");
    out.println("!!! A real deployment enrolls reviewers' hardware tokens instead:");
    out.println("!!!   ops/gateway recipient add age1tag1…   and then   ops/gateway recipient remove <demo id>");
    out.println("!!! Open demo submissions with: ops/console decrypt -i " + file + " …");
    out.println();
  }
}

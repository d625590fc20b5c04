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
import org.amana.crypto.Identities;
import org.amana.crypto.Identity;
import org.amana.crypto.Recipients;
import org.amana.crypto.X25519Identity;
import org.amana.gateway.api.ReviewerApi;
import org.amana.gateway.ingest.CheckInTokens;
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
      int removeAbandonedOlderThanDays, Path demoIdentity) {}

  private final Vertx vertx;
  private final Store store;
  private final HttpServer siteServer;
  private final HttpServer apiServer;
  private final Path spoolFolder;

  private Gateway(Vertx vertx, Store store, HttpServer siteServer, HttpServer apiServer, Path spoolFolder) {
    this.vertx = vertx;
    this.store = store;
    this.siteServer = siteServer;
    this.apiServer = apiServer;
    this.spoolFolder = spoolFolder;
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
    StreamingIntake intake = new StreamingIntake(store, receipts, tokens, s.limits(), clock,
        () -> store.activeRecipients().map(list -> list.stream().map(Recipients::parse).toList()), cleaning);
    SiteRoutes site = new SiteRoutes(vertx, intake, new ReceiptCheckIn(store, receipts, tokens), s.limits(), random);
    ReviewerApi api = new ReviewerApi(vertx, store, tokenKey, clock, random);
    HttpServer siteServer = vertx.createHttpServer(siteOptions(s.limits())).requestHandler(site.routes())
        .invalidRequestHandler(site.invalidRequests()).listen(Serve.port(s.site()), Serve.host(s.site())).await();
    HttpServer apiServer = listen(vertx, new HttpServerOptions(), api.routes(), s.api());
    return new Gateway(vertx, store, siteServer, apiServer, spoolFolder);
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

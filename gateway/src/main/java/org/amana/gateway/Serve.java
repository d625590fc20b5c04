package org.amana.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.amana.crypto.Identities;
import org.amana.crypto.Identity;
import org.amana.crypto.Recipient;
import org.amana.crypto.Recipients;
import org.amana.crypto.X25519Identity;
import org.amana.gateway.api.ReviewerApi;
import org.amana.gateway.ingest.CheckInTokens;
import org.amana.gateway.ingest.ReceiptCheckIn;
import org.amana.gateway.ingest.Receipts;
import org.amana.gateway.ingest.StreamingIntake;
import org.amana.gateway.site.SiteRoutes;
import org.amana.storage.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code serve}: the gateway itself. Builds every object by hand, in one place. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves the submission site and the reviewer API (this is what ops/run starts).",
      "With no recipient enrolled it creates a DEMO reviewer identity in the data folder: a real",
      "deployment enrolls token recipients instead (ops/gateway recipient add age1tag1…)."})
final class Serve implements Callable<Integer> {
  @Mixin DatabaseOptions database;

  @Option(names = "--site", paramLabel = "HOST:PORT", defaultValue = "${env:AMANA_SITE:-127.0.0.1:8080}",
      description = "Where the submission site listens (default: ${DEFAULT-VALUE}); publish it as an onion service.")
  String site;

  @Option(names = "--api", paramLabel = "HOST:PORT", defaultValue = "${env:AMANA_API:-127.0.0.1:8081}",
      description = "Where the reviewer API listens (default: ${DEFAULT-VALUE}); expose it only through an onion "
          + "service with client authorization.")
  String api;

  @Option(names = "--max-file-bytes", paramLabel = "N", description = "Largest file accepted (default: 2 GiB).")
  Long maxFileBytes;

  @Option(names = "--log-key", paramLabel = "FILE", description = "The integrity log's signing key, mode 0600 (default: "
      + "log.key in the data folder; created on first start).")
  Path logKey;

  @Option(names = "--sweep-hours", paramLabel = "N", defaultValue = "24",
      description = "Run the integrity sweep every N hours (default: ${DEFAULT-VALUE}); ops/gateway verify runs one now.")
  long sweepHours;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Limits defaults = Limits.defaults();
    Limits limits = maxFileBytes == null ? defaults : new Limits(maxFileBytes, Math.max(maxFileBytes, defaults.maxTotalBytes()),
        defaults.maxFiles(), defaults.maxReportChars(), defaults.maxFieldChars(), defaults.maxParts(), defaults.maxHeaderBytes());
    DatabaseOptions.Opened db = database.open();
    Path demo = database.data.resolve("demo-reviewer.key");
    if (sweepHours < 1) throw new IllegalArgumentException("--sweep-hours must be at least 1");
    Path key = logKey != null ? logKey : database.data.resolve("log.key");
    Gateway gateway = Gateway.start(new Gateway.Settings(db.config(), site, api, limits, database.embedded() ? 0 : 2, demo, key,
        Duration.ofHours(sweepHours)), out);
    out.println("Submission site: http://" + host(site) + ":" + gateway.sitePort() + "/");
    out.println("Reviewer API:    http://" + host(api) + ":" + gateway.apiPort() + "/api/v1/");
    out.println("Signed log:      http://" + host(site) + ":" + gateway.sitePort() + "/log/checkpoint  (key: /log/key)");
    out.println("Stop with Ctrl-C; the data stays in " + (database.embedded() ? database.data.toAbsolutePath() : "the database") + ".");
    out.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        gateway.close();
        db.close();
      } catch (Exception e) {
        System.err.println("error while stopping: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, "amana-stop"));
    stopped.await();
    return 0;
  }

  static String host(String hostPort) {
    int i = hostPort.lastIndexOf(':');
    return i < 0 ? "127.0.0.1" : hostPort.substring(0, i);
  }

  static int port(String hostPort) {
    int i = hostPort.lastIndexOf(':');
    try {
      return Integer.parseInt(i < 0 ? hostPort : hostPort.substring(i + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not HOST:PORT: " + hostPort);
    }
  }
}

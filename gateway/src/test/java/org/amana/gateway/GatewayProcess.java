package org.amana.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as the operator runs it, in a JVM of its own: {@code GatewayMain serve} on an
 * embedded PostgreSQL in a data folder, on free loopback ports read from what it prints. Its own
 * process, so that it can be killed with SIGKILL ({@link #kill}) like a crashed server.
 *
 * <p>A killed gateway leaves its PostgreSQL running (an orphan holding the data folder): the next
 * start stops it ({@code EmbeddedDatabase}), and {@link #close} stops it when no start follows,
 * so a test leaves no process behind.
 */
final class GatewayProcess implements AutoCloseable {
  private static final Pattern SITE = Pattern.compile("^Submission site: http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern API = Pattern.compile("^Reviewer API: +http://127\\.0\\.0\\.1:(\\d+)/");

  private final Process process;
  private final Path data;
  private final List<String> output = new ArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile int sitePort;
  private volatile int apiPort;

  private GatewayProcess(Process process, Path data) {
    this.process = process;
    this.data = data;
  }

  /**
   * Starts {@code GatewayMain serve --data DATA} with this JVM's classpath (the test classpath holds
   * the gateway and all it depends on) and waits until it prints both addresses.
   */
  static GatewayProcess start(Path data, List<String> jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "org.amana.gateway.GatewayMain", "serve", "--data", data.toString(),
        "--site", "127.0.0.1:0", "--api", "127.0.0.1:0"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("AMANA_")); // only the arguments above count
    GatewayProcess g = new GatewayProcess(pb.start(), data);
    Thread.ofPlatform().daemon().name("gateway-output").start(g::readOutput);
    if (!g.ready.await(120, TimeUnit.SECONDS) || g.sitePort == 0) {
      g.close();
      throw new AssertionError("the gateway did not start:\n" + g.output());
    }
    return g;
  }

  int sitePort() {
    return sitePort;
  }

  int apiPort() {
    return apiPort;
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** Everything the gateway printed so far. */
  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. Returns when the JVM is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** The PostgreSQL process that serves the data folder, if one runs (an orphan, after {@link #kill}). */
  static Optional<ProcessHandle> postgres(Path data) throws IOException {
    Path pidFile = data.resolve("postgres/pgdata/postmaster.pid");
    if (!Files.exists(pidFile)) return Optional.empty();
    long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("/postgres"));
  }

  /**
   * Stops the gateway as Ctrl-C would (SIGTERM: its shutdown hook stops PostgreSQL too); kills it
   * if it does not stop within a minute; then stops a PostgreSQL that is still left.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
    }
    stopPostgres(data);
  }

  /** Stops the PostgreSQL left serving {@code data} by a killed gateway, if any. */
  static void stopPostgres(Path data) throws IOException, InterruptedException {
    Optional<ProcessHandle> orphan = postgres(data);
    if (orphan.isPresent()) {
      orphan.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown
      try {
        orphan.get().onExit().get(60, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        orphan.get().destroyForcibly();
      }
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (output) {
          output.add(line);
        }
        Matcher site = SITE.matcher(line);
        Matcher api = API.matcher(line);
        if (site.find()) sitePort = Integer.parseInt(site.group(1));
        if (api.find()) {
          apiPort = Integer.parseInt(api.group(1));
          ready.countDown(); // printed after the site's address
        }
      }
    } catch (IOException e) {
      // the process died: whoever waits sees it in the output
    } finally {
      ready.countDown();
    }
  }
}

package org.amana.crypto.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** External programs the interoperability tests run: required under CI, skipped visibly elsewhere. */
public final class Tools {
  private Tools() {}

  /** The path of {@code program} on the PATH; fails under CI=true and skips visibly elsewhere. */
  public static Path require(String program, String why) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) return p;
    }
    String message = program + " is not installed (" + why + "); ops/test installs it";
    if ("true".equals(System.getenv("CI"))) fail(message);
    Assumptions.abort("SKIPPED: " + message);
    throw new AssertionError("unreachable");
  }

  /** The result of a finished program. */
  public record Result(int exit, byte[] stdout, String stderr) {}

  /** Runs a program with a timeout, feeding {@code stdin}; returns its exit code and outputs. */
  public static Result run(List<String> command, byte[] stdin, Path dir) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (dir != null) pb.directory(dir.toFile());
    Path err = Files.createTempFile("amana-test-", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    Thread feeder = Thread.ofVirtual().start(() -> {
      try (var in = p.getOutputStream()) {
        if (stdin != null) in.write(stdin);
      } catch (IOException ignored) {
        // the program may exit before reading everything; its exit code tells
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + command);
    }
    feeder.join();
    String stderr = Files.readString(err);
    Files.delete(err);
    return new Result(p.exitValue(), out, stderr);
  }
}

package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Runs the console in-process, as a reviewer would from a shell, and checks how it fails. */
final class Cli {
  /** A Java class name, a stack frame or an exception's name: none may reach the reviewer. */
  private static final Pattern JAVA_LEAK =
      Pattern.compile("Exception|Error\\b|Throwable|\\bat [\\w.$]+\\(|\\b(java|javax|sun|org\\.amana|picocli)\\.[a-z]");

  private Cli() {}

  /** What one command line did: its exit code and what it printed. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
  }

  static Result run(Object... args) {
    String[] argv = Stream.of(args).map(String::valueOf).toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
      exit = ConsoleMain.run(argv, o, e);
    }
    return new Result(exit, out.toString(), err.toString());
  }

  /** Runs a command that must succeed. */
  static Result ok(Object... args) {
    Result r = run(args);
    assertEquals(0, r.exit, () -> "expected success of " + List.of(args) + "\n" + r);
    return r;
  }

  /**
   * Runs a command that must fail with {@code exit}: one plain line on stderr that mentions
   * {@code expected}, nothing on stdout, no Java names, and nothing new left in {@code dir}
   * (neither the output nor a hidden partial file).
   */
  static Result fails(int exit, String expected, Path dir, Object... args) throws IOException {
    List<Path> before = list(dir);
    Result r = run(args);
    assertEquals(exit, r.exit, () -> "exit code of " + List.of(args) + "\n" + r);
    assertEquals("", r.out, () -> "nothing on stdout\n" + r);
    List<String> lines = r.err.strip().lines().toList();
    assertEquals(1, lines.size(), () -> "one line on stderr\n" + r);
    assertTrue(lines.getFirst().startsWith("error: "), r::toString);
    assertTrue(lines.getFirst().toLowerCase().contains(expected.toLowerCase()),
        () -> "the message mentions \"" + expected + "\"\n" + r);
    assertFalse(JAVA_LEAK.matcher(r.err).find(), () -> "no Java names or stack traces\n" + r);
    assertEquals(before, list(dir), "no file left behind");
    return r;
  }

  /** The names in {@code dir}, hidden ones included, sorted. */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(Path::getFileName).sorted().toList();
    }
  }

  static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  /** A file only its owner can read, as a PIN or an identity must be. */
  static Path secretFile(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** {@code n} bytes of a fixed pseudo-random pattern (not all zeros, so a flipped byte matters). */
  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new java.util.Random(n).nextBytes(b);
    return b;
  }
}

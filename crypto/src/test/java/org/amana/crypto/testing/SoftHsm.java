package org.amana.crypto.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real SoftHSM2 tokens for tests, made once per JVM.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} and its token list when a process first loads it, and
 * does not notice tokens that another process creates later. So the build sets
 * {@code SOFTHSM2_CONF} for the test JVM (surefire {@code environmentVariables}, pointing into
 * {@code target/}), and the first call here writes that file, wipes the token folder and makes
 * every token in {@link #LABELS} with {@code softhsm2-util}, before any test loads the module.
 * Call {@link #token} before anything else loads SoftHSM2 in the JVM (e.g. in {@code @BeforeAll}).
 *
 * <p>Give each test class its own token: the tokens live as long as the JVM, and a token can be
 * open only once at a time per process. If SoftHSM2 is not installed, the calling test is skipped
 * with a visible message, except under {@code CI=true}, where it fails.
 */
public final class SoftHsm {
  /** The tokens that exist: give each test class its own. */
  public static final List<String> LABELS =
      List.of("amana-1", "amana-2", "amana-3", "amana-4", "amana-5", "amana-6", "amana-evidence");
  /** The SO PIN of every token (tests may use it to reset a user PIN). */
  public static final String SO_PIN = "87654321";
  private static final String PIN = "123456";
  private static final List<String> MODULES = List.of("/usr/lib/softhsm/libsofthsm2.so",
      "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so",
      "/opt/homebrew/lib/softhsm/libsofthsm2.so", "/usr/lib64/pkcs11/libsofthsm2.so");

  /** A token: the module to load, its label, and (a fresh copy of) its user PIN. */
  public record Token(Path module, String label) {
    /** A new array each time, since {@code Pkcs11Token.open} zeroes the one it gets. */
    public char[] pin() {
      return PIN.toCharArray();
    }
  }

  private static Path module; // guarded by SoftHsm.class
  private static String unavailable; // why SoftHSM2 cannot be used here, once known

  private SoftHsm() {}

  /** The token labelled {@code label} (one of {@link #LABELS}), made on first use. */
  public static synchronized Token token(String label) {
    if (!LABELS.contains(label)) {
      throw new IllegalArgumentException(label + " is not one of " + LABELS
          + ": SoftHSM2 cannot add tokens once loaded, so add it to SoftHsm.LABELS");
    }
    if (module == null && unavailable == null) {
      setUp();
    }
    if (unavailable != null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("SoftHSM2 token tests cannot run under CI: " + unavailable);
      }
      System.err.println("SKIPPED SoftHSM2 token tests: " + unavailable);
      Assumptions.abort("SoftHSM2 unavailable: " + unavailable);
    }
    return new Token(module, label);
  }

  private static void setUp() {
    String conf = System.getenv("SOFTHSM2_CONF");
    Optional<Path> util = onPath("softhsm2-util");
    Optional<Path> lib = Optional.ofNullable(System.getenv("SOFTHSM2_MODULE")).map(Path::of)
        .or(() -> MODULES.stream().map(Path::of).filter(Files::isRegularFile).findFirst());
    if (conf == null) {
      unavailable = "SOFTHSM2_CONF is not set; run the tests through Maven, whose surefire"
          + " configuration sets it (or set it to a file under target/ yourself)";
    } else if (util.isEmpty() || lib.isEmpty()) {
      unavailable = "softhsm2-util or libsofthsm2.so not found; install the softhsm2 package"
          + " (or set SOFTHSM2_MODULE to the library's path)";
    } else {
      try {
        Path tokens = writeConf(Path.of(conf));
        for (String label : LABELS) {
          run(util.get().toString(), "--init-token", "--free", "--label", label,
              "--so-pin", SO_PIN, "--pin", PIN);
        }
        module = lib.get().toAbsolutePath();
        System.err.println("SoftHSM2: " + LABELS.size() + " tokens in " + tokens);
      } catch (IOException e) {
        throw new UncheckedIOException("could not prepare the SoftHSM2 tokens", e);
      }
    }
  }

  /** Writes the config the build points SOFTHSM2_CONF at, with an emptied token folder. */
  private static Path writeConf(Path conf) throws IOException {
    Path tokens = conf.toAbsolutePath().getParent().resolve("tokens");
    if (Files.exists(tokens)) {
      try (Stream<Path> old = Files.walk(tokens)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(tokens);
    Files.writeString(conf, "directories.tokendir = " + tokens + "\n"
        + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n",
        StandardCharsets.UTF_8);
    return tokens;
  }

  private static void run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(command[0] + " " + command[1] + " failed: " + output); // no PINs
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty())
        .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
  }
}

package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.amana.crypto.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console refuses to print on a real terminal. The console runs in its own JVM under
 * {@code script}, which gives it a pseudo-terminal as standard output.
 */
class TerminalTest {
  @TempDir Path dir;
  private Path key;
  private String recipient;
  private Path plain;

  @BeforeEach
  void identity() throws Exception {
    key = dir.resolve("key.txt");
    recipient = Cli.ok("keygen", "-o", key).out().strip();
    plain = dir.resolve("plain.txt");
    Files.writeString(plain, "\u001b]52;c;ZWNobyBwd25lZA==\u0007 a hostile submission\n");
  }

  /** Runs the console on a pseudo-terminal; returns its exit code and what the terminal showed. */
  private Tools.Result onTerminal(Object... args) throws Exception {
    Path script = Tools.require("script", "gives the console a terminal");
    String java = ProcessHandle.current().info().command().orElse("java");
    String command = Stream.concat(Stream.of(java, "-cp", System.getProperty("java.class.path"),
            ConsoleMain.class.getName()), Stream.of(args).map(String::valueOf))
        .map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    return Tools.run(List.of(script.toString(), "-qec", command, "/dev/null"), null, dir);
  }

  private static String shown(Tools.Result r) {
    return new String(r.stdout(), StandardCharsets.UTF_8);
  }

  @Test
  void encrypt_binaryToTerminal_refusedExit8() throws Exception {
    Tools.Result r = onTerminal("encrypt", "-r", recipient, plain);

    assertEquals(Exit.UNSAFE_OUTPUT.code, r.exit(), () -> shown(r));
    assertTrue(shown(r).contains("Refusing to write binary to the terminal. Use -o FILE, or -a"), () -> shown(r));
  }

  @Test
  void encrypt_armorToTerminal_printed() throws Exception {
    Tools.Result r = onTerminal("encrypt", "-a", "-r", recipient, plain);

    assertEquals(0, r.exit(), () -> shown(r));
    assertTrue(shown(r).contains("-----BEGIN AGE ENCRYPTED FILE-----"), () -> shown(r));
  }

  @Test
  void decrypt_toTerminal_refusedExit8WithoutShowingThePlaintext() throws Exception {
    Path sealed = dir.resolve("plain.age");
    Cli.ok("encrypt", "-r", recipient, "-o", sealed, plain);

    Tools.Result r = onTerminal("decrypt", "-i", key, sealed);

    assertEquals(Exit.UNSAFE_OUTPUT.code, r.exit(), () -> shown(r));
    assertTrue(shown(r).contains("Refusing to write decrypted content to the terminal"), () -> shown(r));
    assertFalse(shown(r).contains("hostile"), () -> shown(r));
  }
}

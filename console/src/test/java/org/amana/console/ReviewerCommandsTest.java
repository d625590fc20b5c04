package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * login, pull, list, open and reply where no gateway is needed: the state folder, usage and
 * the advice for each failure. The whole flow against a real gateway is the gateway module's
 * ConsoleFlowTest (the console never depends on the gateway).
 */
class ReviewerCommandsTest {
  private static final String ID = "0b6f1f3e-52a4-4c1e-9f0a-3d1b2c4e5f60";
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"login", "pull", "list", "open", "reply"})
  void help_eachReviewerCommand_exit0WithUsage(String command) {
    Cli.Result r = Cli.ok(command, "--help");
    assertTrue(r.out().startsWith("Usage: amana-console " + command), r::toString);
  }

  @Test
  void list_emptyHome_createsPrivateFolderAndSaysHowToPull() throws Exception {
    Path home = dir.resolve("home");
    Cli.Result r = Cli.ok("list", "--home", home);
    assertTrue(r.out().contains("amana-console pull"), r::toString);
    assertEquals("rwx------", Cli.mode(home));
  }

  @Test
  void list_worldReadableHome_refused() throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Cli.fails(8, "chmod 700", home, "list", "--home", home);
  }

  @Test
  void pull_notLoggedIn_exit11() throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Cli.fails(11, "login", home, "pull", "--home", home);
  }

  @Test
  void pull_expiredSession_exit11() throws Exception {
    Path home = home(Instant.now().minusSeconds(1), "http://127.0.0.1:9");
    Cli.fails(11, "expired", home, "pull", "--home", home);
  }

  @Test
  void pull_gatewayUnreachable_exit10() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path home = home(Instant.now().plusSeconds(600), "http://127.0.0.1:" + port);
    Cli.fails(10, "could not be reached", home, "pull", "--home", home);
  }

  @Test
  void login_notHttp_exit2() throws Exception {
    Cli.fails(2, "http", dir, "login", "--api", "file:///etc/passwd", "--module", "/nonexistent.so", "--token", "t", "--home", dir.resolve("h"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../etc", "not-an-id", "0B6F1F3E-52A4-4C1E-9F0A-3D1B2C4E5F60"})
  void open_malformedId_exit2(String id) throws Exception {
    Path home = home(Instant.now().plusSeconds(600), "http://127.0.0.1:9");
    Cli.fails(2, "not a submission id", home, "open", id, "--module", "/x.so", "--token", "t", "--home", home);
  }

  @Test
  void open_notPulled_exit2WithAdvice() throws Exception {
    Path home = home(Instant.now().plusSeconds(600), "http://127.0.0.1:9");
    Cli.fails(2, "pull", home, "open", ID, "--module", "/x.so", "--token", "t", "--home", home);
  }

  @Test
  void reply_notPulled_exit2WithAdvice() throws Exception {
    Path home = home(Instant.now().plusSeconds(600), "http://127.0.0.1:9");
    Cli.fails(2, "pull", home, "reply", ID, "--home", home);
  }

  /** A state folder with a stored session. */
  private Path home(Instant expires, String api) throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Cli.secretFile(home.resolve("session.json"),
        "{\"api\":\"" + api + "\",\"session\":\"s3cret\",\"expires\":\"" + expires + "\"}");
    return home;
  }
}

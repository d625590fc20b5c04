package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amana.console.ConsoleMain;
import org.amana.crypto.testing.SoftHsm;

/**
 * A reviewer with a SoftHSM2 token made by the console itself ({@code token init}), enrolled on a
 * gateway by the operator command, running console and operator commands in-process as from a shell.
 */
final class ReviewerAtConsole {
  private static final Pattern TAG = Pattern.compile("age1tag1[02-9ac-hj-np-z]+");
  static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** What one command line printed. */
  record Result(String out, String err) {}

  final List<Object> tokenArgs;
  final String loginLabel;
  final String recipient;
  final String loginKey;

  /** Makes the token's keys; {@code label} is one of {@link SoftHsm#LABELS} that no other test class in this module uses. */
  ReviewerAtConsole(String label, Path dir) throws Exception {
    SoftHsm.Token t = SoftHsm.token(label);
    Path pinFile = Files.createTempFile(dir, "pin", "");
    Files.writeString(pinFile, new String(t.pin()) + "\n");
    Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    tokenArgs = List.of("--module", t.module(), "--token", t.label(), "--pin-file", pinFile, "--key", "seal-" + suffix);
    loginLabel = "login-" + suffix;
    String init = console(0, withToken("token init", "--login-key", loginLabel)).out();
    Matcher m = TAG.matcher(init);
    assertTrue(m.find(), init);
    recipient = m.group();
    loginKey = console(0, withToken("token login-key", "--login-key", loginLabel)).out().strip();
  }

  /** The operator enrolls this reviewer (login key and sealing recipient) on {@code g}. */
  void enroll(GatewayFixture g) {
    gateway(g, 0, "reviewer", "add", "--name", "Reviewer at the console", "--login-key", loginKey, "--recipient", recipient);
  }

  /** Logs in to {@code g}'s reviewer API with the state folder {@code home}. */
  void login(GatewayFixture g, Path home) {
    console(0, withToken("login", "--api", "http://127.0.0.1:" + g.gateway.apiPort(), "--login-key", loginLabel, "--home", home));
  }

  /** {@code command} (words separated by spaces), then the token's options, then {@code more}. */
  Object[] withToken(String command, Object... more) {
    List<Object> args = new ArrayList<>(List.of((Object[]) command.split(" ")));
    args.addAll(tokenArgs);
    args.addAll(List.of(more));
    return args.toArray();
  }

  static Result console(int expectedExit, Object... args) {
    String[] argv = Stream.of(args).map(String::valueOf).toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ConsoleMain.run(argv, new PrintWriter(out, true), new PrintWriter(err, true));
    Result r = new Result(out.toString(), err.toString());
    assertEquals(expectedExit, exit, () -> "console " + String.join(" ", argv) + "\n--- out:\n" + r.out + "--- err:\n" + r.err);
    return r;
  }

  /** An operator command against {@code g}'s database. */
  static Result gateway(GatewayFixture g, int expectedExit, Object... args) {
    List<String> argv = new ArrayList<>(Stream.of(args).map(String::valueOf).toList());
    argv.addAll(List.of("--database-url", g.databaseUrl()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = GatewayMain.run(argv.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    Result r = new Result(out.toString(), err.toString());
    assertEquals(expectedExit, exit, () -> "gateway " + String.join(" ", argv) + "\n--- out:\n" + r.out + "--- err:\n" + r.err);
    return r;
  }

  static String firstId(String text) {
    Matcher m = ID.matcher(text);
    assertTrue(m.find(), text);
    return m.group();
  }
}

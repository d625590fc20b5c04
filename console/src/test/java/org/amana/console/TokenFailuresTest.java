package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amana.crypto.testing.SoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a file with a token that cannot open it: each failure has its own exit code and one
 * plain line of advice, and leaves no output behind.
 */
class TokenFailuresTest {
  private static final String KEY = "seal-failures";
  private static SoftHsm.Token softHsm;
  @TempDir static Path shared;
  private static Path sealed;

  @TempDir Path dir;
  private Path pinFile;
  private Path out;

  /** One sealing key on the token and a file sealed to it, so only the failure under test can stop it. */
  @BeforeAll
  static void sealToToken() throws Exception {
    softHsm = SoftHsm.token("amana-2");
    Path pin = Cli.secretFile(shared.resolve("pin"), new String(softHsm.pin()));
    Cli.Result init = Cli.ok("token", "init", "--module", softHsm.module(), "--token", softHsm.label(),
        "--pin-file", pin, "--key", KEY, "--login-key", "login-failures");
    Matcher m = Pattern.compile("age1tag1\\w+").matcher(init.out());
    assertTrue(m.find(), init::toString);
    Path plain = shared.resolve("plain.txt");
    Files.writeString(plain, "the submission");
    sealed = shared.resolve("plain.age");
    Cli.ok("encrypt", "-r", m.group(), "-o", sealed, plain);
  }

  @BeforeEach
  void files() throws Exception {
    pinFile = Cli.secretFile(dir.resolve("pin"), new String(softHsm.pin()) + "\n");
    out = dir.resolve("out.txt");
  }

  /** decrypt with the token, the options given replacing the defaults, then -o OUT and the file. */
  private Object[] decrypt(Object... options) {
    List<Object> args = new ArrayList<>(List.of("decrypt"));
    List<Object> given = List.of(options);
    for (Object[] d : new Object[][] {{"--module", softHsm.module()}, {"--token", softHsm.label()},
        {"--pin-file", pinFile}, {"--key", KEY}}) {
      if (!given.contains(d[0])) args.addAll(List.of(d));
    }
    args.addAll(given);
    args.addAll(List.of("-o", out, sealed));
    return args.toArray();
  }

  @Test
  void decrypt_allRight_opens() throws Exception {
    Cli.ok(decrypt());

    assertEquals("the submission", Files.readString(out));
  }

  @Test
  void decrypt_wrongPin_exit7() throws Exception {
    Cli.secretFile(pinFile, "000000\n");

    Cli.fails(Exit.WRONG_PIN.code, "refused the PIN", dir, decrypt());
  }

  @Test
  void decrypt_unknownTokenLabel_exit6() throws Exception {
    Cli.Result r = Cli.fails(Exit.TOKEN.code, "no token labelled 'no-such-token'", dir, decrypt("--token", "no-such-token"));

    assertTrue(r.err().contains("Plug the token in, or correct the label"), r::toString);
  }

  @Test
  void decrypt_unknownKeyLabel_exit6() throws Exception {
    Cli.fails(Exit.TOKEN.code, "no P-256 key labelled 'no-such-key'", dir, decrypt("--key", "no-such-key"));
  }

  @Test
  void decrypt_pinFileReadableByGroup_exit8() throws Exception {
    Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-r-----"));

    Cli.fails(Exit.UNSAFE_OUTPUT.code, "chmod 600", dir, decrypt());
  }

  @Test
  void decrypt_pinFileReadableByOthers_exit8() throws Exception {
    Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw----r--"));

    Cli.fails(Exit.UNSAFE_OUTPUT.code, "can be read by other users", dir, decrypt());
  }

  @Test
  void decrypt_missingModule_exit6() throws Exception {
    Cli.fails(Exit.TOKEN.code, "does not exist", dir, decrypt("--module", dir.resolve("libnothing.so")));
  }

  @Test
  void decrypt_tokenWithoutModule_exit2() throws Exception {
    List<Object> args = new ArrayList<>(List.of(decrypt()));
    int i = args.indexOf("--module");
    args.remove(i + 1);
    args.remove(i);

    Cli.fails(Exit.USAGE.code, "--module LIB and --token LABEL", dir, args.toArray());
  }

  @Test
  void decrypt_emptyPinFile_exit2() throws Exception {
    Cli.secretFile(pinFile, "\n");

    Cli.fails(Exit.USAGE.code, "is empty", dir, decrypt());
  }

  @Test
  void tokenList_wrongPin_exit7() throws Exception {
    Cli.secretFile(pinFile, "999999");

    Cli.fails(Exit.WRONG_PIN.code, "refused the PIN", dir,
        "token", "list", "--module", softHsm.module(), "--token", softHsm.label(), "--pin-file", pinFile);
  }
}

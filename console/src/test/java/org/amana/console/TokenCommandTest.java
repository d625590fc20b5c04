package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amana.crypto.testing.SoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code token init/list/recipient} and opening files with a real SoftHSM2 token. */
class TokenCommandTest {
  private static final Pattern TAG = Pattern.compile("age1tag1[02-9ac-hj-np-z]+");
  private static final Pattern TAGPQ = Pattern.compile("age1tagpq1[02-9ac-hj-np-z]+");
  private static SoftHsm.Token softHsm;

  @TempDir Path dir;
  private Path pinFile;
  private String seal;
  private String login;

  @BeforeAll
  static void token() {
    softHsm = SoftHsm.token("amana-1");
  }

  /** Fresh key labels for each test: the token outlives them. */
  @BeforeEach
  void labels() throws Exception {
    pinFile = Cli.secretFile(dir.resolve("pin"), new String(softHsm.pin()) + "\n");
    String id = UUID.randomUUID().toString().substring(0, 8);
    seal = "seal-" + id;
    login = "login-" + id;
  }

  /** {@code command}'s words, the token options, then {@code more}. */
  private Object[] cmd(String command, Object... more) {
    List<Object> args = new ArrayList<>(List.of((Object[]) command.split(" ")));
    args.addAll(List.of("--module", softHsm.module(), "--token", softHsm.label(), "--pin-file", pinFile, "--key", seal));
    args.addAll(List.of(more));
    return args.toArray();
  }

  private static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertTrue(m.find(), () -> p + " in:\n" + text);
    return m.group();
  }

  private Path plaintext() throws Exception {
    Path plain = dir.resolve("plain.bin");
    Files.write(plain, Cli.bytes(100_000));
    return plain;
  }

  @Test
  void init_newLabels_printsTagRecipientThatListAndRecipientRepeat() throws Exception {
    Cli.Result init = Cli.ok(cmd("token init", "--login-key", login));
    String recipient = find(TAG, init.out());
    assertTrue(init.out().contains("\"" + seal + "\": " + recipient), init::toString);
    assertTrue(init.out().contains("\"" + login + "\": created"), init::toString);

    String list = Cli.ok(cmd("token list")).out();
    assertTrue(list.lines().anyMatch(l -> l.startsWith(seal + "\t") && l.contains(recipient)), list);
    assertTrue(list.lines().anyMatch(l -> l.startsWith(login + "\t") && l.contains("signing key")), list);

    assertEquals(recipient + "\n", Cli.ok(cmd("token recipient")).out());
  }

  @Test
  void loginKey_afterInit_printsAP256KeyThatVerifiesTokenSignatures() throws Exception {
    Cli.ok(cmd("token init", "--login-key", login));
    String printed = Cli.ok(cmd("token login-key", "--login-key", login)).out().strip();
    var key = java.security.KeyFactory.getInstance("EC")
        .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(printed)));
    assertTrue(key instanceof java.security.interfaces.ECPublicKey);
  }

  @Test
  void decrypt_withToken_opensWhatIsSealedToItsRecipient() throws Exception {
    String recipient = find(TAG, Cli.ok(cmd("token init", "--login-key", login)).out());
    Path plain = plaintext();
    Path sealed = dir.resolve("plain.age");
    Path back = dir.resolve("back.bin");

    Cli.ok("encrypt", "-r", recipient, "-o", sealed, plain);
    Cli.ok(cmd("decrypt", "-o", back, sealed));

    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
    assertEquals("rw-------", Cli.mode(back));
  }

  @Test
  void decrypt_withTokenAndPqKey_opensWhatIsSealedToTheHybridRecipient() throws Exception {
    Path pqKey = dir.resolve("token-pq.txt");
    Cli.Result init = Cli.ok(cmd("token init", "--login-key", login, "--pq-key", pqKey));
    String recipient = find(TAGPQ, init.out());
    assertEquals("rw-------", Cli.mode(pqKey));
    assertTrue(init.err().contains("Keep " + pqKey), init::toString);
    assertEquals(recipient + "\n", Cli.ok("token", "recipient", "--pq-key", pqKey).out());
    Path plain = plaintext();
    Path sealed = dir.resolve("plain.age");
    Path back = dir.resolve("back.bin");

    Cli.ok("encrypt", "-a", "-r", recipient, "-o", sealed, plain);
    Cli.ok(cmd("decrypt", "--pq-key", pqKey, "-o", back, sealed));

    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
  }

  @Test
  void decrypt_pqKeyOfAnotherTokenKey_exit3() throws Exception {
    Path pqKey = dir.resolve("token-pq.txt");
    String recipient = find(TAGPQ, Cli.ok(cmd("token init", "--login-key", login, "--pq-key", pqKey)).out());
    Path sealed = dir.resolve("plain.age");
    Cli.ok("encrypt", "-r", recipient, "-o", sealed, plaintext());
    labels(); // a second sealing key on the same token, with the first key's --pq-key file
    Cli.ok(cmd("token init", "--login-key", login));

    Cli.fails(Exit.NOT_FOR_YOU.code, "another token or key", dir,
        cmd("decrypt", "--pq-key", pqKey, "-o", dir.resolve("out.bin"), sealed));
  }

  @Test
  void decrypt_withTokenFileSealedToSomeoneElse_exit3() throws Exception {
    Cli.ok(cmd("token init", "--login-key", login));
    String other = Cli.ok("keygen", "-o", dir.resolve("other.txt")).out().strip();
    Path sealed = dir.resolve("plain.age");
    Cli.ok("encrypt", "-r", other, "-o", sealed, plaintext());

    Cli.fails(Exit.NOT_FOR_YOU.code, "not sealed to the identity", dir, cmd("decrypt", "-o", dir.resolve("out.bin"), sealed));
  }

  @Test
  void init_sameLabelsTwice_exit6AndSaysTheLabelIsTaken() throws Exception {
    Cli.ok(cmd("token init", "--login-key", login));

    Cli.Result r = Cli.fails(Exit.TOKEN.code, "already has a key labelled '" + seal + "'", dir, cmd("token init", "--login-key", login));
    assertTrue(r.err().contains("Choose other labels"), r::toString);
  }

  @Test
  void init_loginLabelTaken_exit6AndCreatesNothing() throws Exception {
    Cli.ok(cmd("token init", "--login-key", login));
    String takenLogin = login;
    labels();

    Cli.fails(Exit.TOKEN.code, "already has a key labelled '" + takenLogin + "'", dir, cmd("token init", "--login-key", takenLogin));

    assertTrue(Cli.ok(cmd("token list")).out().lines().noneMatch(l -> l.startsWith(seal + "\t")), "no half-made identity");
  }

  @Test
  void init_sameLabelForBothKeys_exit2AndCreatesNothing() throws Exception {
    Cli.fails(Exit.USAGE.code, "different labels", dir, cmd("token init", "--login-key", seal));

    assertTrue(Cli.ok(cmd("token list")).out().lines().noneMatch(l -> l.startsWith(seal + "\t")), "no half-made identity");
  }

  @Test
  void init_pqKeyFileExists_exit9AndCreatesNothing() throws Exception {
    Path pqKey = Files.writeString(dir.resolve("token-pq.txt"), "keep me");

    Cli.fails(Exit.IO.code, "already exists", dir, cmd("token init", "--login-key", login, "--pq-key", pqKey));

    assertEquals("keep me", Files.readString(pqKey));
    assertTrue(Cli.ok(cmd("token list")).out().lines().noneMatch(l -> l.startsWith(seal + "\t")), "no half-made identity");
  }
}

package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygen}: a software identity file, its recipient, and the warning that goes with it. */
class KeygenCommandTest {
  @TempDir Path dir;

  @Test
  void keygen_newFile_writesOwnerOnlyIdentityAndPrintsRecipient() throws Exception {
    Path key = dir.resolve("key.txt");
    Cli.Result r = Cli.ok("keygen", "-o", key);

    String recipient = r.out().strip();
    assertTrue(recipient.matches("age1[02-9ac-hj-np-z]{58}"), r::toString);
    assertEquals("rw-------", Cli.mode(key));
    String content = Files.readString(key);
    assertTrue(content.contains("# public key: " + recipient), content);
    assertTrue(content.lines().anyMatch(l -> l.startsWith("AGE-SECRET-KEY-1")), "holds the secret key");
    assertTrue(r.err().contains("WARNING") && r.err().contains("not on a hardware token"), r::toString);
    assertEquals(java.util.List.of(Path.of("key.txt")), Cli.list(dir), "no temporary file left");
  }

  @Test
  void keygen_pq_printsHybridRecipient() throws Exception {
    Path key = dir.resolve("pq.txt");
    Cli.Result r = Cli.ok("keygen", "--pq", "-o", key);

    assertTrue(r.out().strip().startsWith("age1pq1"), r::toString);
    assertEquals("rw-------", Cli.mode(key));
    assertTrue(Files.readString(key).contains("# public key: " + r.out().strip()));
  }

  @Test
  void keygen_pq_identityOpensWhatIsSealedToIt() throws Exception {
    Path key = dir.resolve("pq.txt");
    String recipient = Cli.ok("keygen", "--pq", "-o", key).out().strip();
    Path plain = dir.resolve("plain.bin");
    Files.write(plain, Cli.bytes(1000));

    Cli.ok("encrypt", "-r", recipient, "-o", dir.resolve("plain.age"), plain);
    Cli.ok("decrypt", "-i", key, "-o", dir.resolve("back.bin"), dir.resolve("plain.age"));

    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(dir.resolve("back.bin")));
  }

  @Test
  void keygen_existingFile_refusesAndLeavesItUnchanged() throws Exception {
    Path key = dir.resolve("key.txt");
    Files.writeString(key, "precious\n");

    Cli.fails(Exit.IO.code, "already exists", dir, "keygen", "-o", key);

    assertEquals("precious\n", Files.readString(key));
  }

  @Test
  void keygen_noOutput_usageError() throws Exception {
    Cli.Result r = Cli.run("keygen");

    assertEquals(Exit.USAGE.code, r.exit(), r::toString);
    assertTrue(r.err().contains("--output"), r::toString);
    assertTrue(r.err().contains("keygen --help"), r::toString);
  }

  @Test
  void keygen_toStandardOutput_refusedExit2() throws Exception {
    Cli.fails(Exit.USAGE.code, "only written to a file", dir, "keygen", "-o", "-");
  }

  @Test
  void keygen_folderMissing_exit9NamesTheFolder() throws Exception {
    Cli.Result r = Cli.fails(Exit.IO.code, "does not exist", dir, "keygen", "-o", dir.resolve("nowhere/key.txt"));

    assertTrue(r.err().contains(dir.resolve("nowhere") + " does not exist"), r::toString);
    assertFalse(r.err().contains(".part"), r::toString);
  }
}

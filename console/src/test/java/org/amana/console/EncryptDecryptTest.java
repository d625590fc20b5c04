package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code encrypt} and {@code decrypt} with software identity files, and every way opening can fail. */
class EncryptDecryptTest {
  /** More than one 64 KiB chunk, and not a multiple of it, so the last chunk is short. */
  private static final int SIZE = 200_000;

  @TempDir Path dir;
  private Path key;
  private String recipient;
  private Path plain;

  @BeforeEach
  void identity() throws Exception {
    key = dir.resolve("key.txt");
    recipient = Cli.ok("keygen", "-o", key).out().strip();
    plain = dir.resolve("plain.bin");
    Files.write(plain, Cli.bytes(SIZE));
  }

  /** Seals the plaintext to the identity, with {@code options} such as -a. */
  private Path seal(String... options) throws Exception {
    Path sealed = dir.resolve("plain.age");
    List<Object> args = new ArrayList<>(List.of("encrypt", "-r", recipient, "-o", sealed));
    args.addAll(List.of(options));
    args.add(plain);
    Cli.ok(args.toArray());
    return sealed;
  }

  @Test
  void roundTrip_binary_plaintextBackWithOwnerOnlyMode() throws Exception {
    Path sealed = seal();
    Path back = dir.resolve("back.bin");

    Cli.Result r = Cli.ok("decrypt", "-i", key, "-o", back, sealed);

    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
    assertEquals("rw-------", Cli.mode(back));
    assertEquals("", r.out());
    assertTrue(Cli.list(dir).stream().noneMatch(p -> p.toString().startsWith(".")), "no hidden partial file");
  }

  @Test
  void roundTrip_armor_textFileOpens() throws Exception {
    Path sealed = seal("-a");
    assertTrue(Files.readString(sealed).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n"));

    Cli.ok("decrypt", "-i", key, "-o", dir.resolve("back.bin"), sealed);

    assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(dir.resolve("back.bin")));
  }

  @Test
  void roundTrip_recipientsFileWithComments_eachIdentityOpens() throws Exception {
    Path key2 = dir.resolve("key2.txt");
    String recipient2 = Cli.ok("keygen", "-o", key2).out().strip();
    Path list = dir.resolve("recipients.txt");
    Files.writeString(list, "# the desk's keys\n\n" + recipient + "\n   # offline recovery key\n  " + recipient2 + "  \n");
    Path sealed = dir.resolve("plain.age");

    Cli.ok("encrypt", "-R", list, "-a", "-o", sealed, plain);

    for (Path k : new Path[] {key, key2}) {
      Path back = dir.resolve("back-" + k.getFileName());
      Cli.ok("decrypt", "-i", k, "-o", back, sealed);
      assertArrayEquals(Files.readAllBytes(plain), Files.readAllBytes(back));
    }
  }

  @Test
  void decrypt_sealedToSomeoneElse_exit3() throws Exception {
    Path sealed = seal();
    Path other = dir.resolve("other.txt");
    Cli.ok("keygen", "-o", other);

    Cli.fails(Exit.NOT_FOR_YOU.code, "not sealed to the identity", dir, "decrypt", "-i", other, "-o", dir.resolve("out.bin"), sealed);
  }

  @Test
  void decrypt_byteFlippedNearTheEnd_exit5() throws Exception {
    Path sealed = seal();
    byte[] b = Files.readAllBytes(sealed);
    assertTrue(b.length > 65_536);
    b[b.length - 50] ^= 0x01;
    Files.write(sealed, b);

    Cli.fails(Exit.TAMPERED.code, "altered", dir, "decrypt", "-i", key, "-o", dir.resolve("out.bin"), sealed);
  }

  @Test
  void decrypt_cutInTheMiddle_exit5() throws Exception {
    Path sealed = seal();
    byte[] b = Files.readAllBytes(sealed);
    Files.write(sealed, Arrays.copyOf(b, b.length / 2));

    Cli.fails(Exit.TAMPERED.code, "cut short", dir, "decrypt", "-i", key, "-o", dir.resolve("out.bin"), sealed);
  }

  @Test
  void decrypt_lastChunkDropped_exit5() throws Exception {
    Path sealed = seal();
    byte[] b = Files.readAllBytes(sealed);
    int lastChunk = SIZE % 65_536 + 16; // what is left after the full chunks, plus its tag
    Files.write(sealed, Arrays.copyOf(b, b.length - lastChunk));

    Cli.fails(Exit.TAMPERED.code, "cut short", dir, "decrypt", "-i", key, "-o", dir.resolve("out.bin"), sealed);
  }

  @Test
  void decrypt_notAnAgeFile_exit4() throws Exception {
    Path text = dir.resolve("letter.txt");
    Files.writeString(text, "Dear editor,\nplease find attached...\n");

    Cli.fails(Exit.MALFORMED.code, "not a valid sealed", dir, "decrypt", "-i", key, "-o", dir.resolve("out.bin"), text);
  }

  @Test
  void decrypt_noIdentityNorToken_exit2() throws Exception {
    Path sealed = seal();

    Cli.fails(Exit.USAGE.code, "-i IDENTITY_FILE", dir, "decrypt", "-o", dir.resolve("out.bin"), sealed);
  }

  @Test
  void decrypt_outputExists_exit9AndExistingFileUntouched() throws Exception {
    Path sealed = seal();
    Path existing = dir.resolve("existing.bin");
    Files.writeString(existing, "keep me");

    Cli.fails(Exit.IO.code, "already exists", dir, "decrypt", "-i", key, "-o", existing, sealed);

    assertEquals("keep me", Files.readString(existing));
  }

  @Test
  void decrypt_missingIdentityFile_exit9() throws Exception {
    Path sealed = seal();

    Cli.fails(Exit.IO.code, "no such file", dir, "decrypt", "-i", dir.resolve("nope.txt"), "-o", dir.resolve("out.bin"), sealed);
  }

  @Test
  void encrypt_unknownRecipient_exit2() throws Exception {
    Cli.fails(Exit.USAGE.code, "not a valid recipient", dir, "encrypt", "-r", "age1notarealkey", "-o", dir.resolve("x.age"), plain);
    Cli.fails(Exit.USAGE.code, "not a valid recipient", dir, "encrypt", "-r", "bob@example.org", "-o", dir.resolve("x.age"), plain);
  }

  @Test
  void encrypt_outputExists_exit9AndExistingFileUntouched() throws Exception {
    Path existing = dir.resolve("existing.age");
    Files.writeString(existing, "keep me");

    Cli.fails(Exit.IO.code, "already exists", dir, "encrypt", "-r", recipient, "-o", existing, plain);

    assertEquals("keep me", Files.readString(existing));
  }
}

package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amana.crypto.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed files are standard age files: the reference age command-line tool opens ours and vice versa. */
class AgeCliInteropTest {
  @TempDir Path dir;
  private Path age;
  private final X25519Identity identity = X25519Identity.generate();
  private final byte[] plain = AgeTamperingTest.random(200_000);

  @BeforeEach
  void findAge() {
    age = Tools.require("age", "the reference age implementation, for interoperability");
  }

  private Path keyFile() throws IOException {
    Path key = dir.resolve("key.txt");
    Files.writeString(key, identity.insecureEncoding() + "\n");
    return key;
  }

  @Test
  void ageDecrypt_amanaSealedBinaryAndArmored_opens() throws Exception {
    for (boolean armor : new boolean[] {false, true}) {
      byte[] sealed = AgeTamperingTest.seal(plain, List.of(identity.recipient()), armor);
      Tools.Result r = Tools.run(List.of(age.toString(), "-d", "-i", keyFile().toString()), sealed, dir);
      assertEquals(0, r.exit(), r.stderr());
      assertArrayEquals(plain, r.stdout());
      Files.delete(dir.resolve("key.txt"));
    }
  }

  @Test
  void amanaOpen_ageSealedBinaryAndArmored_opens() throws Exception {
    for (List<String> flags : List.of(List.<String>of(), List.of("-a"))) {
      var cmd = new java.util.ArrayList<>(List.of(age.toString(), "-r", identity.recipient().encoded()));
      cmd.addAll(flags);
      Tools.Result r = Tools.run(cmd, plain, dir);
      assertEquals(0, r.exit(), r.stderr());
      assertArrayEquals(plain, AgeTamperingTest.open(r.stdout(), List.of(identity)));
    }
  }

  @Test
  void ageDecrypt_amanaSealedToSeveralRecipients_opensWithEach() throws Exception {
    X25519Identity other = X25519Identity.generate();
    byte[] sealed = AgeTamperingTest.seal(plain, List.of(other.recipient(), identity.recipient()), false);
    Tools.Result r = Tools.run(List.of(age.toString(), "-d", "-i", keyFile().toString()), sealed, dir);
    assertEquals(0, r.exit(), r.stderr());
    assertArrayEquals(plain, r.stdout());
  }

  @Test
  void ageDecrypt_amanaSealedTruncated_refuses() throws Exception {
    byte[] sealed = AgeTamperingTest.seal(plain, List.of(identity.recipient()), false);
    byte[] cut = java.util.Arrays.copyOf(sealed, sealed.length - 100);
    Tools.Result r = Tools.run(List.of(age.toString(), "-d", "-i", keyFile().toString()), cut, dir);
    assertEquals(1, r.exit(), "age must refuse a truncated file");
  }
}

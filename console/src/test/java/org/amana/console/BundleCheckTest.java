package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-bundle on hostile folders: paths that leave the bag, links, escape sequences in names are
 * refused or shown escaped, and nothing outside the bag is read. The full round trip with a real
 * gateway and token is ConsoleIntegrityTest's.
 */
class BundleCheckTest {
  @TempDir Path dir;

  private static String run(Path bag, int expectedExit) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ConsoleMain.run(new String[] {"verify-bundle", bag.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(expectedExit, exit, out + "\n" + err);
    return out.toString();
  }

  @Test
  void hostileManifestPaths_refusedAndNeverRead() throws Exception {
    Path bag = Files.createDirectory(dir.resolve("bag"));
    Files.writeString(dir.resolve("secret.txt"), "outside the bag");
    Files.writeString(bag.resolve(Bag.BAGIT), Bag.BAGIT_TEXT);
    String sha = HexFormat.of().formatHex(Bag.digest("SHA-256").digest("outside the bag".getBytes(StandardCharsets.UTF_8)));
    for (String path : List.of("data/../../secret.txt", "/etc/passwd", "data/./x", "data//x", "data/\u001b[2Jx", "secret.txt")) {
      Files.writeString(bag.resolve(Bag.MANIFEST_256), sha + "  " + path + "\n");
      String out = run(bag, 5);
      assertTrue(out.contains("malformed or unsafe line"), path + "\n" + out);
      assertFalse(out.contains("\u001b"), out);
    }
  }

  @Test
  void linksAndAddedFiles_reportedWithNamesEscaped() throws Exception {
    Path bag = Files.createDirectories(dir.resolve("bag2").resolve("data"));
    Files.createSymbolicLink(bag.resolve("evil-link"), Path.of("/etc/passwd"));
    Files.writeString(bag.getParent().resolve("added-\u001b]0;title\u0007.txt"), "x");
    String out = run(bag.getParent(), 5);
    assertTrue(out.contains("evil-link: is a symbolic link"), out);
    assertTrue(out.contains("added-\\u{1b}]0;title\\u{7}.txt: is not part of an evidence bundle"), out);
    assertFalse(out.contains("\u001b") || out.contains("\u0007"), out);
    assertTrue(out.contains("Verdict: NOT intact"), out);
  }

  @Test
  void leaf_roundTripsAndRefusesTrailingOrTruncatedBytes() {
    UUID id = UUID.randomUUID();
    byte[] data = Leaf.submission(id, LocalDate.of(2026, 11, 22), new byte[32],
        List.of(new Leaf.Sealed(true, 0, 10, new byte[32]), new Leaf.Sealed(false, 1, 20, new byte[32])));
    Leaf.Decoded d = Leaf.decode(data);
    assertEquals(id, d.id());
    assertEquals(2, d.objects().size());
    assertThrows(IllegalArgumentException.class, () -> Leaf.decode(java.util.Arrays.copyOf(data, data.length + 1)));
    assertThrows(IllegalArgumentException.class, () -> Leaf.decode(java.util.Arrays.copyOf(data, data.length - 1)));
  }
}

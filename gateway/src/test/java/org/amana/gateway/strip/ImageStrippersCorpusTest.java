package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.tika.Tika;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * Every image of the metadata corpus, typed by Tika from its bytes as the gateway does, goes
 * through its stripper: no marker survives ({@link CanaryScan}), the categories are plausible, and
 * the output is still a valid image by tools that share no code with the strippers — the JDK's
 * ImageIO decoders (same pixels as the original), exiftool -validate, dwebp and heif-convert (when
 * installed), and an XML parser for SVG. Prints a per-file table.
 */
class ImageStrippersCorpusTest {
  private static final Set<String> FAMILY = Set.of("image/jpeg", "image/png", "image/gif", "image/webp", "image/tiff",
      "image/heic", "image/svg+xml");
  private static final List<String> TABLE = new ArrayList<>();

  static Stream<Corpus.Entry> images() {
    if (!Corpus.present()) return Stream.empty();
    return Corpus.entries().stream().filter(e -> FAMILY.contains(e.trueFormat()));
  }

  @BeforeAll
  static void corpusPresent() {
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
  }

  @AfterAll
  static void printTable() {
    System.out.println("| file | categories removed | survivors | validity |");
    System.out.println("| --- | --- | --- | --- |");
    TABLE.forEach(System.out::println);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void strip_corpusImage_noMarkerSurvivesAndStillValid(Corpus.Entry entry) throws Exception {
    byte[] original = entry.bytes();
    String type = new Tika().detect(original);
    assertEquals(entry.trueFormat(), type, "Tika's type from the bytes");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long started = System.nanoTime();
    Stripped result;
    try {
      result = Strippers.standard().strip(type, original, out);
    } catch (StripException refused) {
      assertTrue(entry.rejectOk(), entry.file() + " refused: " + refused.getMessage());
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "refused quickly");
      TABLE.add("| " + entry.file() + " | refused: " + refused.kind() + " | – | – |");
      return;
    }
    byte[] stripped = out.toByteArray();
    List<String> survivors = CanaryScan.survivors(stripped, entry.markers());
    assertEquals(List.of(), survivors, "markers left in " + entry.file());
    assertFalse(result.removed().isEmpty(), "categories reported for " + entry.file());
    String validity = valid(type, original, stripped);
    TABLE.add("| " + entry.file() + " | " + result.removed() + " | " + survivors.size() + " | " + validity + " |");
  }

  /** Checks the output with independent tools; returns what was checked. */
  static String valid(String type, byte[] original, byte[] stripped) throws Exception {
    List<String> checks = new ArrayList<>();
    String validate = exiftool(stripped, "-validate", "-warning", "-error", "-a", "-s");
    assertFalse(validate.contains("Error"), "exiftool -validate: " + validate);
    checks.add("exiftool -validate " + validate.lines().findFirst().orElse("").replaceAll(".*: ", ""));
    switch (type) {
      case "image/jpeg", "image/png", "image/gif", "image/tiff" -> {
        BufferedImage before = ImageIO.read(new ByteArrayInputStream(original));
        BufferedImage after = ImageIO.read(new ByteArrayInputStream(stripped));
        assertNotNull(after, "ImageIO decodes the output");
        assertSamePixels(before, after);
        checks.add("ImageIO decode, same pixels");
      }
      case "image/webp" -> checks.add(decodeBoth(original, stripped, ".webp", "dwebp", "-quiet", "%in", "-o", "%out"));
      case "image/heic" -> checks.add(decodeBoth(original, stripped, ".heic", "heif-convert", "%in", "%out"));
      case "image/svg+xml" -> {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(stripped));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
        checks.add("XML parse, svg root");
      }
      default -> throw new AssertionError(type);
    }
    return String.join("; ", checks);
  }

  static void assertSamePixels(BufferedImage before, BufferedImage after) {
    assertNotNull(before);
    assertEquals(before.getWidth(), after.getWidth());
    assertEquals(before.getHeight(), after.getHeight());
    for (int y = 0; y < before.getHeight(); y++) {
      for (int x = 0; x < before.getWidth(); x++) {
        if (before.getRGB(x, y) != after.getRGB(x, y)) throw new AssertionError("pixel differs at " + x + "," + y);
      }
    }
  }

  /** Decodes both files with an external tool, when it is installed, and compares the pixels. */
  private static String decodeBoth(byte[] original, byte[] stripped, String suffix, String... command) throws Exception {
    BufferedImage after;
    try {
      after = decode(stripped, suffix, command);
    } catch (IOException notInstalled) {
      // ops/test installs it; under CI its absence is a failure, not a weaker check
      if ("true".equals(System.getenv("CI"))) throw new AssertionError(command[0] + " is not installed", notInstalled);
      return command[0] + " not installed: exiftool only";
    }
    assertSamePixels(decode(original, suffix, command), after);
    return command[0] + " decode, same pixels";
  }

  private static BufferedImage decode(byte[] file, String suffix, String... command) throws Exception {
    Path dir = Files.createTempDirectory("image-check");
    try {
      Path in = dir.resolve("in" + suffix);
      Path out = dir.resolve("out.png");
      Files.write(in, file);
      List<String> cmd = Stream.of(command).map(c -> c.replace("%in", in.toString()).replace("%out", out.toString())).toList();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), command[0] + " finished");
      assertEquals(0, p.exitValue(), command[0] + ": " + log);
      BufferedImage decoded = ImageIO.read(out.toFile());
      assertNotNull(decoded, command[0] + " wrote an image");
      return decoded;
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  static String exiftool(byte[] bytes, String... options) throws Exception {
    Path f = Files.createTempFile("image-check", ".bin");
    try {
      Files.write(f, bytes);
      List<String> cmd = new ArrayList<>(List.of("exiftool"));
      cmd.addAll(List.of(options));
      cmd.add(f.toString());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      return out;
    } finally {
      Files.deleteIfExists(f);
    }
  }
}

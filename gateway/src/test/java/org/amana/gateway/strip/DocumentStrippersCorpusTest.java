package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.tika.Tika;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document of the metadata corpus (PDF, OOXML, ODF) through the registry, by the type Tika
 * detects from its bytes: no marker survives (CanaryScan: raw, UTF-16, ZIP members, inflated
 * streams, base64, exiftool), the output is still a valid document of its type (checked by
 * {@link DocumentChecks}, which shares no code with the strippers), and the categories reported
 * are plausible. The tricky files of the family may be refused, quickly and only with
 * StripException. Prints a per-file table.
 */
class DocumentStrippersCorpusTest {
  private static final Tika TIKA = new Tika();
  private static final List<String> TABLE = new ArrayList<>();

  static Stream<Corpus.Entry> documents() {
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
    return Corpus.entries().stream().filter(e -> family(e.trueFormat()));
  }

  static boolean family(String type) {
    return type.equals("application/pdf") || type.startsWith("application/vnd.openxmlformats-officedocument.")
        || type.startsWith("application/vnd.oasis.opendocument.");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void strip_corpusDocument_noMarkerSurvivesAndStillValid(Corpus.Entry entry) throws Exception {
    byte[] original = entry.bytes();
    String detected = TIKA.detect(original);
    Stripper stripper = Strippers.standard().forType(detected)
        .orElseThrow(() -> new AssertionError("no stripper registered for " + detected));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stripped result;
    try {
      result = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> stripper.strip(Source.of(original), out, StripLimits.DEFAULT));
    } catch (StripException e) {
      if (!entry.rejectOk()) throw e;
      TABLE.add(String.format("%-36s refused (%s)", entry.file(), e.kind()));
      return;
    }
    byte[] stripped = out.toByteArray();
    List<String> survivors = CanaryScan.survivors(stripped, entry.markers());
    assertEquals(List.of(), survivors, entry.file() + ": markers survived");
    String check = DocumentChecks.check(entry.trueFormat(), original, stripped);
    assertFalse(result.removed().isEmpty(), entry.file() + ": nothing reported removed");
    if (detected.equals("application/x-tika-ooxml")) assertEquals(entry.trueFormat(), result.refinedType());
    plausible(entry, result.removed());
    TABLE.add(String.format("%-36s %-58s survivors=%d  %s", entry.file(), result.removed(), survivors.size(), check));
  }

  /** Each file's main hiding places show up in the categories. */
  private static void plausible(Corpus.Entry entry, Set<Category> removed) {
    String n = entry.notes().toLowerCase(java.util.Locale.ROOT);
    if (n.contains("author") || n.contains("creator")) assertTrue(removed.contains(Category.PEOPLE), entry.file() + ": PEOPLE");
    if (n.contains("tracked") || n.contains("incremental")) {
      assertTrue(removed.contains(Category.REVISIONS), entry.file() + ": REVISIONS");
    }
    if (n.contains("thumbnail")) assertTrue(removed.contains(Category.PREVIEWS), entry.file() + ": PREVIEWS");
    if (n.contains("comment")) assertTrue(removed.contains(Category.COMMENTS), entry.file() + ": COMMENTS");
    if (n.contains("printer") || n.contains("abspath")) assertTrue(removed.contains(Category.PATHS), entry.file() + ": PATHS");
  }

  @AfterAll
  static void printTable() {
    System.out.println("file                                 categories removed                                         survivors  validity");
    TABLE.forEach(System.out::println);
  }

  static void failWith(String message) {
    fail(message);
  }
}

package org.amana.gateway.strip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The metadata-leak corpus in {@code ../shared/corpus/metadata/}: files that carry known
 * identifying values, listed with their markers in {@code manifest.tsv} (see its README).
 */
public final class Corpus {
  /** One row of the manifest. {@code rejectOk}: refusing the file is an acceptable outcome. */
  public record Entry(String file, String trueFormat, List<String> markers, String notes) {
    public boolean rejectOk() {
      return notes.contains("[reject-ok]");
    }

    public byte[] bytes() {
      try {
        return Files.readAllBytes(folder().resolve(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private Corpus() {}

  /** Where the corpus is: {@code amana.shared} (set by the build) or {@code ../shared}. */
  public static Path folder() {
    return Path.of(System.getProperty("amana.shared", "../shared"), "corpus", "metadata");
  }

  public static boolean present() {
    return Files.isRegularFile(folder().resolve("manifest.tsv"));
  }

  public static List<Entry> entries() {
    try {
      return Files.readAllLines(folder().resolve("manifest.tsv")).stream()
          .skip(1)
          .filter(line -> !line.isBlank())
          .map(line -> {
            String[] c = line.split("\t", -1);
            List<String> markers = c[2].isEmpty() ? List.of() : Arrays.asList(c[2].split(","));
            return new Entry(c[0], c[1], markers, c.length > 3 ? c[3] : "");
          })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Entry entry(String file) {
    return entries().stream().filter(e -> e.file().equals(file)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not in the corpus manifest: " + file));
  }
}

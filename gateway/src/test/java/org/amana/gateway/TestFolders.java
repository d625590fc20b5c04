package org.amana.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders under target/ that each run starts empty. */
final class TestFolders {
  private TestFolders() {}

  /** Deletes {@code folder} and everything in it, if it exists, and creates it again, empty. */
  static Path recreate(Path folder) throws IOException {
    if (Files.exists(folder)) {
      try (Stream<Path> paths = Files.walk(folder)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    return Files.createDirectories(folder);
  }
}

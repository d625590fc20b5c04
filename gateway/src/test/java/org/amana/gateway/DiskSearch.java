package org.amana.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Searches every regular file under some folders for byte strings, the way someone who took the
 * disk would: raw bytes, recursively, symbolic links not followed. Files that vanish or cannot be
 * read while the walk runs are skipped (and counted).
 */
final class DiskSearch {
  private final List<byte[]> needles;
  private final int longest;
  private final List<String> hits = new ArrayList<>();
  private long filesSearched;
  private long bytesSearched;
  private long unreadable;

  DiskSearch(List<byte[]> needles) {
    this.needles = needles;
    this.longest = needles.stream().mapToInt(n -> n.length).max().orElseThrow();
  }

  /** Searches each folder that exists (each file once, however the folders nest). */
  DiskSearch under(Path... folders) {
    Set<Path> seen = new LinkedHashSet<>();
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) continue;
      try {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && seen.add(file.toAbsolutePath().normalize())) search(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            unreadable++;
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  /** "path: needle #i" for every file and needle that matched. */
  List<String> hits() {
    return hits;
  }

  long filesSearched() {
    return filesSearched;
  }

  String summary() {
    return filesSearched + " files, " + (bytesSearched >> 20) + " MiB searched, " + unreadable + " unreadable";
  }

  private void search(Path file) {
    boolean[] found = new boolean[needles.size()];
    byte[] buf = new byte[(1 << 20) + longest];
    int carry = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf, carry, buf.length - carry)) > 0; ) {
        int end = carry + n;
        for (int i = 0; i < needles.size(); i++) if (!found[i]) found[i] = contains(buf, end, needles.get(i));
        bytesSearched += n;
        carry = Math.min(longest - 1, end);
        System.arraycopy(buf, end - carry, buf, 0, carry);
      }
      filesSearched++;
    } catch (NoSuchFileException | AccessDeniedException e) {
      unreadable++;
    } catch (IOException e) {
      unreadable++; // a socket or device file, a file being replaced: nothing stored in it to read
    }
    for (int i = 0; i < found.length; i++) if (found[i]) hits.add(file + ": needle #" + i);
  }

  private static boolean contains(byte[] hay, int end, byte[] needle) {
    byte first = needle[0];
    outer:
    for (int i = 0, last = end - needle.length; i <= last; i++) {
      if (hay[i] != first) continue;
      for (int j = 1; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }
}

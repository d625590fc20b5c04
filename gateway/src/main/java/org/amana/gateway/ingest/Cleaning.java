package org.amana.gateway.ingest;

import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.amana.gateway.strip.StripLimits;
import org.amana.gateway.strip.Strippers;

/**
 * What metadata removal needs, built once by the composition root: the strippers and their limits,
 * a 0700 folder for encrypted spools, and two small worker pools — one for spool writes, which are
 * short, and one for cleaning, which can take minutes for a large file and must not hold up the
 * spooling of other uploads. The size of the cleaning pool bounds how many files are cleaned at once.
 */
public record Cleaning(Strippers strippers, StripLimits limits, Path spoolFolder, SecureRandom random,
    WorkerExecutor spoolWorkers, WorkerExecutor cleanWorkers) {

  /** A fresh private folder for this process's spools under {@code parent} (the system's temp folder when null). */
  public static Path newSpoolFolder(Path parent) throws IOException {
    var perms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    return parent == null ? Files.createTempDirectory("amana-spool-", perms) : Files.createTempDirectory(parent, "amana-spool-", perms);
  }
}

package org.amana.gateway.integrity;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.amana.crypto.tlog.NoteSigner;

/**
 * The log key: an Ed25519 note signing key in a file readable by its owner only (mode 0600), in
 * Go sumdb/note's private key form. Made on first start, with a loud note, like the demo identity.
 */
public final class LogKeys {
  private LogKeys() {}

  /** Reads the key, or creates it (and its folder) if the file does not exist. Refuses a file others can read. */
  public static NoteSigner loadOrCreate(Path file, SecureRandom random, PrintWriter out) throws IOException {
    if (Files.exists(file)) return load(file);
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    // A unique origin per deployment, so that two Amana logs are never confused.
    byte[] tag = new byte[4];
    random.nextBytes(tag);
    try (NoteSigner signer = NoteSigner.generate("amana.log/" + HexFormat.of().formatHex(tag), random)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, "# Amana integrity log key (Ed25519). Whoever holds it can sign checkpoints in this log's name.\n"
          + "# Keep it 0600; back it up with the same care as the database. Public key: " + signer.verifier().encoded() + "\n"
          + signer.insecureEncoding() + "\n");
      out.println();
      out.println("!!! A new integrity log key was created in " + file.toAbsolutePath() + " (mode 0600).");
      out.println("!!! It signs the log's checkpoints. Back it up; publish its public key where outsiders can find it:");
      out.println("!!!   " + signer.verifier().encoded());
      out.println();
    }
    return load(file);
  }

  /** Reads an existing key file (comment lines start with #). */
  public static NoteSigner load(Path file) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
      throw new IOException("the log key " + file + " is readable by others: chmod 600 it");
    }
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("PRIVATE+KEY+")) return NoteSigner.parse(line);
    }
    throw new IOException("no log key (a PRIVATE+KEY+ line) in " + file);
  }
}

package org.amana.gateway.integrity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.crypto.tlog.SignedNote;

/**
 * The newest checkpoint this gateway signed, kept in a file beside the log key: outside the
 * database, so that a database restored from an older backup (a rolled-back log) is noticed.
 */
final class Witness {
  private Witness() {}

  /** The kept checkpoint, verified; empty if there is no file. Throws NoteException if it is not a valid one. */
  static Optional<Checkpoint> read(Path file, NoteVerifier verifier) throws IOException {
    if (file == null || !Files.exists(file)) return Optional.empty();
    if (Files.size(file) > SignedNote.MAX_BYTES) throw new org.amana.crypto.tlog.NoteException("the witness file is too large");
    return Optional.of(Checkpoint.parse(verifier.verify(SignedNote.parse(Files.readAllBytes(file)))));
  }
}

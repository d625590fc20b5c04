package org.amana.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets (Jazzer) for the integrity log's parsers of hostile input: signed notes and
 * checkpoints (what an outside party or a tampered database hands the gateway and the console).
 * {@code mvn verify} replays the inputs in {@code src/test/resources/org/amana/crypto/tlog/LogFuzzTestInputs/<method>/};
 * {@code ops/fuzz METHOD SECONDS} fuzzes one target, as for {@code ParsersFuzzTest}.
 */
class LogFuzzTest {
  private static final NoteVerifier VERIFIER = NoteVerifier.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");

  /**
   * Only {@link NoteException}; a note that parses re-encodes byte for byte (the format has one
   * form), its text parses as a checkpoint or fails with NoteException, and so does verification.
   */
  @FuzzTest
  void signedNote_arbitraryBytes_onlyNoteException(byte[] input) {
    SignedNote note;
    try {
      note = SignedNote.parse(input);
    } catch (NoteException e) {
      return;
    }
    assertEquals(new String(input, StandardCharsets.UTF_8), note.encoded(), "a non-canonical note was accepted");
    try {
      Checkpoint c = Checkpoint.parse(note.text());
      assertEquals(note.text(), c.text(), "a non-canonical checkpoint was accepted");
    } catch (NoteException e) {
      // expected for most inputs
    }
    try {
      VERIFIER.verify(note);
    } catch (NoteException e) {
      // expected: the fuzzer cannot forge Ed25519
    }
  }
}

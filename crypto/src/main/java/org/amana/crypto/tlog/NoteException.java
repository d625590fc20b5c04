package org.amana.crypto.tlog;

/**
 * A signed note or checkpoint that is malformed, over a limit, or whose signature does not verify.
 * The one exception the parsers and verifiers here throw on hostile input.
 */
public final class NoteException extends RuntimeException {
  public NoteException(String message) {
    super(message);
  }
}

package org.amana.console;

import org.amana.crypto.AgeException;
import org.amana.crypto.TokenException;

/**
 * The console's exit codes and the advice it gives for each failure. Every error says what
 * happened and what to do next; no stack trace ever reaches the reviewer.
 */
enum Exit {
  OK(0),
  FAILED(1),
  USAGE(2),
  NOT_FOR_YOU(3),
  MALFORMED(4),
  TAMPERED(5),
  TOKEN(6),
  WRONG_PIN(7),
  UNSAFE_OUTPUT(8),
  IO(9),
  SERVER(10),
  LOGIN(11),
  /** The defender's current consent does not allow the action (withdrawn, lapsed, or not given). */
  REFUSED(12);

  final int code;

  Exit(int code) {
    this.code = code;
  }

  /** A failure the console reports with a message and an exit code. */
  static final class Failure extends RuntimeException {
    final Exit exit;

    Failure(Exit exit, String message) {
      super(message);
      this.exit = exit;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  static Failure fail(Exit exit, String message) {
    return new Failure(exit, message);
  }

  /** Turns any exception into the failure to show: plain words, advice, the right exit code. */
  static Failure explain(Throwable t) {
    return switch (t) {
      case Failure f -> f;
      case AgeException.NoMatch e -> fail(NOT_FOR_YOU,
          "This file is not sealed to the identity you gave. Check that you chose the right identity file or token.");
      case AgeException.Malformed e -> fail(MALFORMED,
          "This is not a valid sealed (age) file: " + e.getMessage() + ". It may be damaged or not a sealed file at all.");
      case AgeException.BadMac e -> fail(TAMPERED,
          "The file's header was altered after it was sealed. Do not trust it; keep it as evidence of tampering.");
      case AgeException.Payload e -> fail(TAMPERED,
          "The sealed contents were altered or cut short (" + e.getMessage() + "). Nothing after the damage was "
              + "written. Fetch the file again; if it stays damaged, report it.");
      case AgeException.Armor e -> fail(MALFORMED,
          "The armored (text) form of the file is invalid: " + e.getMessage() + ". Copy it again, without changes.");
      case TokenException e -> switch (e.reason()) {
        case WRONG_PIN -> fail(WRONG_PIN, e.getMessage());
        default -> fail(TOKEN, e.getMessage());
      };
      case java.nio.file.NoSuchFileException e -> fail(IO, "No such file: " + e.getFile() + ". Check the path.");
      case java.nio.file.AccessDeniedException e -> fail(IO, "Permission denied: " + e.getFile() + ".");
      case java.nio.file.FileAlreadyExistsException e -> fail(IO,
          e.getFile() + " already exists. The console never overwrites a file: choose another name or remove it.");
      case java.net.ConnectException e -> fail(SERVER,
          "The gateway could not be reached. Check the --api address you logged in with and your connection.");
      case java.net.http.HttpTimeoutException e -> fail(SERVER, "The gateway did not answer in time. Try again.");
      case java.io.IOException e -> fail(IO, "Reading or writing failed: " + e.getMessage() + ".");
      case IllegalArgumentException e -> fail(USAGE, e.getMessage());
      default -> fail(FAILED, "Unexpected failure (" + t.getClass().getSimpleName() + "). Please report this.");
    };
  }
}

package org.amana.crypto;

import java.io.IOException;

/**
 * Every failure of the sealed format, one subclass per class of failure, so that a caller can tell
 * tampering from a wrong key. The classes follow the age specification's test vectors (C2SP CCTV):
 * a malformed header, no identity matching, a bad header MAC, a damaged payload, invalid armor.
 *
 * <p>It extends {@link IOException} because failures surface while a stream is read.
 */
public abstract sealed class AgeException extends IOException
    permits AgeException.Malformed, AgeException.NoMatch, AgeException.BadMac,
        AgeException.Payload, AgeException.Armor, AgeException.NotMine, TokenException {

  AgeException(String message) {
    super(message);
  }

  AgeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The header, or a stanza of a type this program knows, is malformed. Never skipped. */
  public static final class Malformed extends AgeException {
    public Malformed(String message) {
      super(message);
    }
  }

  /** The header is well formed but none of the given identities opens any of its stanzas. */
  public static final class NoMatch extends AgeException {
    public NoMatch(String message) {
      super(message);
    }
  }

  /** A file key was unwrapped but the header MAC does not match: the header was altered. */
  public static final class BadMac extends AgeException {
    public BadMac() {
      super("the header's MAC does not match: the file's header was altered or damaged");
    }
  }

  /** The payload was altered, cut short or extended; plaintext released before this is authentic. */
  public static final class Payload extends AgeException {
    /** What exactly is wrong with the payload. */
    public enum Kind { TRUNCATED, TAMPERED, TRAILING_DATA, EMPTY_LAST_CHUNK }

    private final Kind kind;

    public Payload(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /** The ASCII armor is not strict PEM with the label {@code AGE ENCRYPTED FILE}. */
  public static final class Armor extends AgeException {
    public Armor(String message) {
      super(message);
    }
  }

  /**
   * "This stanza is not addressed to me." The only failure an identity may recover from: the
   * caller goes on to the next stanza or identity. Every other failure is fatal.
   */
  public static final class NotMine extends AgeException {
    public NotMine() {
      super("stanza not addressed to this identity");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // thrown on the normal path of trying stanzas; a trace would be waste
    }
  }
}

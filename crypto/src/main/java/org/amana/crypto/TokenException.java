package org.amana.crypto;

/**
 * A hardware token (PKCS#11) could not do what was asked. Distinct from every format failure so
 * that a missing token or a wrong PIN is never mistaken for tampering.
 */
public final class TokenException extends AgeException {
  /** Why the token failed, so that a program can give the right advice and exit code. */
  public enum Reason {
    /** The PKCS#11 module (shared library) could not be loaded. */
    NO_MODULE,
    /** No token with the requested label is present. */
    NO_TOKEN,
    /** The PIN was refused. */
    WRONG_PIN,
    /** The PIN is locked after too many wrong attempts. */
    PIN_LOCKED,
    /** No key with the requested label is on the token. */
    KEY_NOT_FOUND,
    /** A key with the requested label already exists. */
    KEY_EXISTS,
    /** The token refused or failed the operation. */
    FAILED
  }

  private final Reason reason;

  public TokenException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public TokenException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

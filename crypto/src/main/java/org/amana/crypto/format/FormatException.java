package org.amana.crypto.format;

/** A record that is not in the format it claims, or breaks one of its limits; the message names what. */
public final class FormatException extends IllegalArgumentException {
  public FormatException(String message) {
    super(message);
  }
}

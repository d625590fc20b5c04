package org.amana.gateway.integrity;

/** The log is not what its checkpoints say: nothing is signed or repaired; an operator must look. */
public final class IntegrityException extends RuntimeException {
  public IntegrityException(String message) {
    super(message);
  }
}

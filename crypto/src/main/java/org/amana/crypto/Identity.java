package org.amana.crypto;

/**
 * A private key that can open files sealed to it: in software, or backed by a hardware token.
 *
 * <p>Security guarantees: {@link #unwrap} throws {@link AgeException.NotMine} and nothing else when
 * the stanza is addressed to someone else; a stanza of its own type that is malformed is a fatal
 * {@link AgeException.Malformed}. Implementations zero their intermediate secrets.
 */
public interface Identity {

  /**
   * Unwraps the 16-byte file key from one stanza.
   *
   * @throws AgeException.NotMine when the stanza is of another type or addressed to another key
   * @throws AgeException.Malformed when the stanza has this identity's type but is malformed
   * @throws TokenException when the hardware token fails
   */
  byte[] unwrap(Stanza stanza) throws AgeException;
}

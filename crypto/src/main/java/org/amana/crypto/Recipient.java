package org.amana.crypto;

import java.util.List;

/**
 * Someone a file is sealed to. Sealing needs only public keys, so the gateway holds nothing secret.
 *
 * <p>Security guarantees: {@link #wrap} uses fresh randomness for every call; a stanza reveals
 * nothing about the file key to anyone without the matching private key.
 */
public interface Recipient {

  /** Wraps a 16-byte file key into one or more stanzas addressed to this recipient. */
  List<Stanza> wrap(byte[] fileKey);

  /**
   * Whether this recipient is post-quantum. age does not mix post-quantum and classic recipients
   * in one file: the classic one would be the weak link.
   */
  default boolean postQuantum() {
    return false;
  }

  /** The recipient's string form ({@code age1…}, {@code age1tag1…}, {@code age1pq1…}, …). */
  String encoded();
}

package org.amana.crypto;

import java.util.Locale;

/** Parses recipient strings of every kind this module seals to. */
public final class Recipients {
  static final String ACCEPTED = "age1… (X25519), age1pq1… (ML-KEM-768 + X25519), age1tag1… (P-256 token),"
      + " age1tagpq1… (ML-KEM-768 + P-256 token) or age1yubikey1… (YubiKey PIV)";

  private Recipients() {}

  /**
   * Parses a recipient, telling the kinds apart by their prefix.
   *
   * @throws IllegalArgumentException when the string is no recipient this module knows, or is
   *     damaged; the message lists the accepted forms
   */
  public static Recipient parse(String s) {
    String t = s.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    try {
      // Longest prefix first: every form starts with "age1".
      if (lower.startsWith("age1tagpq1")) return MlKem768P256TagRecipient.parse(t);
      if (lower.startsWith("age1tag1")) return P256TagRecipient.parse(t);
      if (lower.startsWith("age1pq1")) return MlKem768X25519Recipient.parse(t);
      if (lower.startsWith("age1yubikey1")) return PivP256Recipient.parse(t);
      if (lower.startsWith("age1") && Bech32.decode(t).hrp().equals(X25519Recipient.HRP)) return X25519Recipient.parse(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid recipient (" + e.getMessage() + "); check that it was copied whole."
          + " Accepted: " + ACCEPTED, e);
    }
    throw new IllegalArgumentException("unsupported recipient; accepted: " + ACCEPTED
        + " (plugin recipients such as age1se1… are not supported)");
  }
}

package org.amana.crypto;

import java.util.ArrayList;
import java.util.List;

/** Reads age identity files: the software keys of the demo reviewer, recovery keys and tests. */
public final class Identities {
  private static final String COMMENT = "#";
  private static final String X25519_PREFIX = X25519Identity.HRP + "1";
  private static final String PQ_PREFIX = MlKem768X25519Identity.HRP + "1";

  private Identities() {}

  /**
   * Parses an identity file: one identity a line, {@code AGE-SECRET-KEY-1…} or
   * {@code AGE-SECRET-KEY-PQ-1…}; blank lines and lines starting with {@code #} are ignored.
   * Error messages name the line and never repeat its content, which may be a secret.
   *
   * @throws IllegalArgumentException when a line is not an identity this module knows, or the
   *     file holds none
   */
  public static List<Identity> parseFile(String text) {
    List<Identity> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isBlank() || line.startsWith(COMMENT)) continue;
      out.add(parseLine(line.strip(), i + 1));
    }
    if (out.isEmpty()) throw new IllegalArgumentException("the identity file holds no identity");
    return List.copyOf(out);
  }

  private static Identity parseLine(String line, int number) {
    try {
      // The longer prefix first: AGE-SECRET-KEY-PQ-1 does not start with AGE-SECRET-KEY-1, but be explicit.
      if (line.startsWith(PQ_PREFIX)) return MlKem768X25519Identity.parse(line);
      if (line.startsWith(X25519_PREFIX)) return X25519Identity.parse(line);
    } catch (IllegalArgumentException e) {
      // The nested messages are fixed strings, never the key itself.
      throw new IllegalArgumentException("line " + number + " of the identity file is a damaged identity ("
          + e.getMessage() + "); restore it from your backup", e);
    }
    throw new IllegalArgumentException("line " + number + " of the identity file is not an AGE-SECRET-KEY-1… or"
        + " AGE-SECRET-KEY-PQ-1… identity (plugin identities such as AGE-PLUGIN-… are not supported)");
  }
}

package org.amana.crypto.tlog;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The text of a C2SP tlog checkpoint (c2sp.org/tlog-checkpoint): the origin line, the tree size in
 * decimal, the base64 root hash, then optional non-empty extension lines. Parsed strictly: a
 * checkpoint has exactly one text form, so two different texts never claim the same tree head.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {
  static final int MAX_EXTENSIONS = 16;

  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.indexOf('\n') >= 0) throw new NoteException("the origin is one non-empty line");
    if (size < 0) throw new NoteException("a tree size is never negative");
    if (root == null || root.length != LogHash.SIZE) throw new NoteException("a root hash is 32 bytes");
    root = root.clone();
    extensions = List.copyOf(extensions);
    if (extensions.size() > MAX_EXTENSIONS) throw new NoteException("too many extension lines");
    for (String e : extensions) if (e.isEmpty() || e.indexOf('\n') >= 0) throw new NoteException("extension lines are non-empty lines");
  }

  public Checkpoint(String origin, long size, byte[] root) {
    this(origin, size, root, List.of());
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The note text to sign. */
  public String text() {
    StringBuilder b = new StringBuilder(origin).append('\n').append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(root)).append('\n');
    extensions.forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  /** Parses a note text (already verified: see {@link NoteVerifier#verify}). */
  public static Checkpoint parse(String text) {
    SignedNote.checkText(text);
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) throw new NoteException("a checkpoint has an origin, a size and a root hash");
    String size = lines[1];
    if (size.isEmpty() || size.length() > 19 || !size.chars().allMatch(c -> c >= '0' && c <= '9')
        || (size.length() > 1 && size.charAt(0) == '0')) {
      throw new NoteException("the tree size is a decimal number without leading zeros");
    }
    long n;
    try {
      n = Long.parseLong(size);
    } catch (NumberFormatException e) {
      throw new NoteException("the tree size is too large");
    }
    byte[] root = SignedNote.strictBase64(lines[2]);
    return new Checkpoint(lines[0], n, root, Arrays.asList(lines).subList(3, lines.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Arrays.equals(c.root, root)
        && c.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return origin.hashCode() ^ Long.hashCode(size) ^ Arrays.hashCode(root);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", " + size + ", " + Base64.getEncoder().encodeToString(root) + "]";
  }
}

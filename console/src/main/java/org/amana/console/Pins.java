package org.amana.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Reads a token PIN from a prompt without echo, or from a file for automation. Never from the
 * command line or the environment, where other users and logs can see it.
 */
final class Pins {
  private Pins() {}

  static char[] read(Path pinFile, String tokenLabel) throws IOException {
    if (pinFile != null) return fromFile(pinFile);
    java.io.Console console = System.console();
    if (console == null || !console.isTerminal()) {
      throw Exit.fail(Exit.USAGE, "There is no terminal to ask for the PIN of token \"" + tokenLabel
          + "\". Use --pin-file FILE (a file only you can read, mode 0600).");
    }
    char[] pin = console.readPassword("PIN for token \"%s\": ", tokenLabel);
    if (pin == null || pin.length == 0) throw Exit.fail(Exit.USAGE, "No PIN was entered.");
    return pin;
  }

  private static char[] fromFile(Path pinFile) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(pinFile);
    if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)) {
      throw Exit.fail(Exit.UNSAFE_OUTPUT, "The PIN file " + pinFile
          + " can be read by other users. Run 'chmod 600 " + pinFile + "' first.");
    }
    byte[] raw = Files.readAllBytes(pinFile);
    try {
      int end = 0;
      while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') end++;
      java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw, 0, end));
      char[] pin = new char[chars.remaining()];
      chars.get(pin);
      java.util.Arrays.fill(chars.array(), '\0');
      if (pin.length == 0) throw Exit.fail(Exit.USAGE, "The PIN file " + pinFile + " is empty.");
      return pin;
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }
}

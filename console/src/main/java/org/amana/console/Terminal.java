package org.amana.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Where the console's input comes from and its output goes, with the refusals that keep it safe. */
final class Terminal {
  private Terminal() {}

  /** Whether standard output is a terminal (a reviewer's screen), where binary or hostile text must not go. */
  static boolean stdoutIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null && System.console().isTerminal();
    }
  }

  static InputStream input(String path) throws IOException {
    if (path == null || path.equals("-")) return new java.io.FileInputStream(java.io.FileDescriptor.in);
    return Files.newInputStream(Path.of(path));
  }

  /**
   * An output that appears only when complete: written to a hidden file beside the target (mode
   * 0600 when {@code secret}) and renamed on {@link Output#commit()}; removed if never committed.
   * Refuses to overwrite. Without a path, standard output, which must not be a terminal unless
   * {@code refusalAdvice} is null (text that is safe to show, such as armor).
   */
  static Output output(String path, boolean secret, String refusalAdvice) throws IOException {
    if (path == null || path.equals("-")) {
      if (refusalAdvice != null && stdoutIsTerminal()) throw Exit.fail(Exit.UNSAFE_OUTPUT, refusalAdvice);
      return new Output(new java.io.FileOutputStream(java.io.FileDescriptor.out), null, null);
    }
    Path target = checkNew(path);
    Set<PosixFilePermission> mode = PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--");
    Path temp = Files.createTempFile(target.getParent(), ".amana-", ".part", PosixFilePermissions.asFileAttribute(mode));
    return new Output(Files.newOutputStream(temp), temp, target);
  }

  /** The absolute path of a file about to be created; fails if it exists or its folder does not. */
  static Path checkNew(String path) throws IOException {
    Path target = Path.of(path).toAbsolutePath();
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new java.nio.file.FileAlreadyExistsException(path);
    }
    if (!Files.isDirectory(target.getParent())) { // else the error would name the hidden temporary file
      throw Exit.fail(Exit.IO, "The folder " + target.getParent() + " does not exist. Create it, or choose "
          + "another place for " + path + ".");
    }
    return target;
  }

  /** Fails, before any work is done, if {@link #writeSecretFile} could not write {@code path}. */
  static void checkNewSecretFile(String path) throws IOException {
    if (path.equals("-")) { // a private key belongs in a file only its owner can read, not in a pipe or on screen
      throw Exit.fail(Exit.USAGE, "A private key is only written to a file (mode 0600). Give a file name instead of '-'.");
    }
    checkNew(path);
  }

  /** Writes a small secret file (an identity) with mode 0600, refusing to overwrite. */
  static void writeSecretFile(String path, String content) throws IOException {
    checkNewSecretFile(path);
    try (Output out = output(path, true, "")) {
      out.stream().write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.commit();
    }
  }

  /** An output being written; see {@link #output}. */
  static final class Output implements AutoCloseable {
    private final OutputStream stream;
    private final Path temp;
    private final Path target;
    private boolean committed;

    Output(OutputStream stream, Path temp, Path target) {
      this.stream = stream;
      this.temp = temp;
      this.target = target;
    }

    OutputStream stream() {
      return stream;
    }

    /** Makes the output visible under its name; until then nothing partial exists there. */
    void commit() throws IOException {
      stream.flush();
      if (temp == null) {
        committed = true;
        return;
      }
      stream.close();
      if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new java.nio.file.FileAlreadyExistsException(target.toString());
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      committed = true;
    }

    @Override
    public void close() throws IOException {
      if (temp == null) {
        stream.flush();
        return;
      }
      try {
        stream.close();
      } finally {
        if (!committed) Files.deleteIfExists(temp);
      }
    }
  }
}

package org.amana.console;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.amana.crypto.Age;
import org.amana.crypto.Recipient;
import org.amana.crypto.Recipients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "reply",
    mixinStandardHelpOptions = true,
    description = {
      "Sends the defender a reply, read from standard input (or --text FILE), sealed on this",
      "workstation to the submission's reply key: the gateway only ever stores it sealed, and the",
      "defender reads it at the next check-in with the receipt. Needs a fresh 'login'.",
      "Offline, --out DIR writes the sealed reply into DIR (the stick) instead, as reply-ID-….age;",
      "the operator stores it with 'ops/gateway offline import-replies DIR'. No login, no network.",
    })
final class ReplyCommand implements Callable<Integer> {
  static final int MAX_REPLY = 64 * 1024;

  @Parameters(paramLabel = "ID", description = "The submission's id (see 'amana-console list').")
  String id;

  @Option(names = "--text", paramLabel = "FILE", description = "Read the reply from FILE instead of standard input.")
  Path textFile;

  @Option(names = "--out", paramLabel = "DIR", description = "Write the sealed reply into DIR for the operator instead of sending it.")
  Path outDir;

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    State state = home.open();
    String recipientText = state.listing(State.checkId(id)).path("replyRecipient").asText("");
    if (outDir != null && !Files.isDirectory(outDir)) {
      throw Exit.fail(Exit.USAGE, outDir + " is not a folder. Give the folder (the stick) that goes back to the operator.");
    }
    State.Session session = outDir == null ? state.session() : null;
    Recipient recipient;
    try {
      recipient = Recipients.parse(recipientText);
    } catch (IllegalArgumentException e) {
      throw Exit.fail(Exit.MALFORMED, "Submission " + id + " has no usable reply key: the defender cannot receive replies.");
    }
    byte[] text = read();
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    try (OutputStream s = Age.seal(sealed, List.of(recipient))) {
      s.write(text);
    } finally {
      java.util.Arrays.fill(text, (byte) 0);
    }
    if (outDir != null) {
      Path written = writeOut(outDir, "reply-" + id, sealed.toByteArray());
      spec.commandLine().getOut().println("Reply sealed to the defender's reply key and written to " + written + ". Give the "
          + "folder to the operator: 'ops/gateway offline import-replies DIR' stores it, and the defender sees it at the next "
          + "check-in.");
      return 0;
    }
    new Api(session.api(), session.token()).postBytes("/api/v1/submissions/" + id + "/replies", sealed.toByteArray());
    spec.commandLine().getOut().println("Reply sealed to the defender's reply key and sent. The defender sees it at "
        + "the next check-in.");
    return 0;
  }

  /**
   * Writes the sealed reply as reply-ID-RANDOM.age (the name 'ops/gateway offline import-replies'
   * looks for), mode 0600, through a hidden file that is synced and then renamed: the operator never
   * finds half a reply. The random part keeps several replies to one submission apart.
   */
  static Path writeOut(Path outDir, String prefix, byte[] sealed) throws java.io.IOException {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String name = prefix + "-" + HexFormat.of().formatHex(random) + ".age";
    Path target = outDir.resolve(name);
    Path temp = outDir.resolve("." + name + ".part");
    try {
      try (FileChannel c = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
        c.write(ByteBuffer.wrap(sealed));
        c.force(true);
      }
      if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new java.nio.file.FileAlreadyExistsException(target.toString());
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  /** The reply's bytes: valid UTF-8, not empty, at most 64 KiB. */
  private byte[] read() throws java.io.IOException {
    byte[] bytes;
    if (textFile != null) {
      if (Files.size(textFile) > MAX_REPLY) throw Exit.fail(Exit.USAGE, "The reply is longer than 64 KiB. Shorten it.");
      bytes = Files.readAllBytes(textFile);
    } else {
      if (System.console() != null && System.console().isTerminal()) {
        spec.commandLine().getErr().println("Type the reply; end it with Ctrl-D on a line of its own.");
      }
      InputStream in = new java.io.FileInputStream(java.io.FileDescriptor.in);
      bytes = in.readNBytes(MAX_REPLY + 1);
      if (bytes.length > MAX_REPLY) throw Exit.fail(Exit.USAGE, "The reply is longer than 64 KiB. Shorten it.");
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      if (s.isBlank()) throw Exit.fail(Exit.USAGE, "The reply is empty: nothing was sent.");
    } catch (CharacterCodingException e) {
      throw Exit.fail(Exit.USAGE, "The reply is not UTF-8 text: nothing was sent.");
    }
    return bytes;
  }
}

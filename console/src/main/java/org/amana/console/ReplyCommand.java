package org.amana.console;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    })
final class ReplyCommand implements Callable<Integer> {
  static final int MAX_REPLY = 64 * 1024;

  @Parameters(paramLabel = "ID", description = "The submission's id (see 'amana-console list').")
  String id;

  @Option(names = "--text", paramLabel = "FILE", description = "Read the reply from FILE instead of standard input.")
  Path textFile;

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    State state = home.open();
    String recipientText = state.listing(State.checkId(id)).path("replyRecipient").asText("");
    State.Session session = state.session();
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
    new Api(session.api(), session.token()).postBytes("/api/v1/submissions/" + id + "/replies", sealed.toByteArray());
    spec.commandLine().getOut().println("Reply sealed to the defender's reply key and sent. The defender sees it at "
        + "the next check-in.");
    return 0;
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

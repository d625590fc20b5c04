package org.amana.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import org.amana.crypto.Age;
import org.amana.crypto.Recipient;
import org.amana.crypto.Recipients;
import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentRequest;
import org.amana.crypto.format.FormatException;
import org.amana.crypto.pkcs11.Pkcs11Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "consent",
    mixinStandardHelpOptions = true,
    subcommands = ConsentCommand.Request.class,
    description = {
      "Shows a pulled submission's consent history: the consent given with it (from the manifest),",
      "then every change the defender made at a check-in (changed, withdrawn, answered a request),",
      "each opened with the token, and the consent in force now. Online, the changes are fetched",
      "afresh; offline, the copy kept at the last fetch is used and its age is shown.",
      "Then this submission's entries in the action log, and whether the log's chain is intact.",
      "'consent request ID --action ACTION' asks the defender for more (answered at check-in).",
    })
final class ConsentCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", arity = "0..1", description = "The submission's id (see 'amana-console list').")
  String id;

  // Optional here so that 'consent request' needs no token; required in call().
  @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "%nToken:%n")
  TokenOptions token;

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (id == null) throw Exit.fail(Exit.USAGE, "Give the submission's id: 'amana-console consent ID --module … --token …'.");
    if (token == null) throw Exit.fail(Exit.USAGE, "A token needs both --module LIB and --token LABEL.");
    State state = home.open();
    Pulled pulled = Pulled.load(state, State.checkId(id));
    pulled.checkedManifestBlob();
    String text;
    try (Pkcs11Token t = token.open()) {
      var ids = token.identities(t);
      text = ConsentRecord.load(state, pulled, pulled.manifest(ids), ids).history();
    }
    StringBuilder sb = new StringBuilder(Safe.text(text));
    sb.append("\nAction log (").append(state.home.resolve(ActionLog.FILE)).append("):\n");
    for (ActionLog.Line l : ActionLog.lines(state)) {
      if (l.text().contains("\"submission\":\"" + id + "\"")) sb.append("  ").append(Safe.text(l.text())).append('\n');
    }
    String problem = ActionLog.verify(state);
    sb.append(problem == null ? "The action log's chain is intact.\n" : "ACTION LOG ALTERED: " + problem + ".\n");
    PrintWriter out = spec.commandLine().getOut();
    out.print(sb);
    out.flush();
    return problem == null ? 0 : Exit.TAMPERED.code;
  }

  @Command(
      name = "request",
      mixinStandardHelpOptions = true,
      description = {
        "Asks the defender for consent to one more thing: un, partners, public, legal, or name (to",
        "use their name). The request is sealed on this workstation to the submission's reply key, so",
        "only the defender can read it, at their next check-in, where they answer yes or no. The",
        "answer arrives as a consent event ('consent ID' shows it). Needs a fresh 'login'.",
        "Offline, --out DIR writes it into DIR (the stick) for the operator instead.",
      })
  static final class Request implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The submission's id.")
    String id;

    @Option(names = "--action", required = true, paramLabel = "ACTION", description = "un, partners, public, legal or name.")
    String action;

    @Option(names = "--text", paramLabel = "TEXT", defaultValue = "",
        description = "Why you ask, in words the defender understands (at most 4000 characters; it is shown as plain text).")
    String text;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the sealed request into DIR instead of sending it.")
    Path outDir;

    @Mixin State.HomeOption home;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      State state = home.open();
      ConsentRequest.Action a;
      try {
        a = Consent.value(ConsentRequest.Action.class, action);
      } catch (FormatException e) {
        throw Exit.fail(Exit.USAGE, "--action takes one of: un, partners, public, legal, name.");
      }
      if (text.length() > ConsentRequest.MAX_TEXT) throw Exit.fail(Exit.USAGE, "--text is longer than 4000 characters. Shorten it.");
      if (outDir != null && !Files.isDirectory(outDir)) throw Exit.fail(Exit.USAGE, outDir + " is not a folder.");
      String recipientText = state.listing(State.checkId(id)).path("replyRecipient").asText("");
      Recipient to;
      try {
        to = Recipients.parse(recipientText);
      } catch (IllegalArgumentException e) {
        throw Exit.fail(Exit.MALFORMED, "Submission " + id + " has no usable reply key: the defender cannot receive requests.");
      }
      State.Session session = outDir == null ? state.session() : null;
      ConsentRequest r = ConsentRequest.create(a, LocalDate.now(ZoneOffset.UTC), text, new SecureRandom());
      ByteArrayOutputStream sealed = new ByteArrayOutputStream();
      try (OutputStream s = Age.seal(sealed, List.of(to))) {
        s.write(r.toJson().getBytes(StandardCharsets.UTF_8));
      }
      String where;
      if (outDir != null) {
        where = "written to " + ReplyCommand.writeOut(outDir, "consent-request-" + id, sealed.toByteArray()) + " for the operator";
      } else {
        new Api(session.api(), session.token()).postBytes("/api/v1/submissions/" + id + "/consent-requests", sealed.toByteArray());
        where = "sent";
      }
      ObjectNode line = State.JSON.createObjectNode().put("submission", id).put("action", "consent-request")
          .put("purpose", Consent.name(a)).put("outcome", outDir != null ? "written" : "sent").put("request", r.id());
      ActionLog.append(state, line);
      spec.commandLine().getOut().println("Consent request " + r.id() + " (" + Consent.name(a) + ") sealed to the defender's reply key and "
          + where + ". The defender answers at the next check-in; 'consent " + id + "' shows the answer.");
      return 0;
    }
  }
}

package org.amana.console;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The reviewer's console: the composition root. Every command is built here and nowhere else. */
@Command(
    name = "amana-console",
    mixinStandardHelpOptions = true,
    version = "Amana console 0.1",
    description = {
      "The reviewer's console of Amana: keys, hardware tokens, sealing and opening files.",
      "",
      "Reviewers log in, pull, list, open, verify, export and reply; 'export ID --to DIR --bundle'",
      "writes a signed evidence bundle that 'verify-bundle DIR' checks anywhere, with no token.",
      "An offline workstation takes",
      "submissions from the operator's stick with 'import DIR' and answers with 'reply ID --out DIR'.",
      "",
      "The defender's consent is enforced: 'export --for PURPOSE', 'mark-raised', 'publish' and",
      "'contact' check the current consent first and refuse, with the reason, what it does not allow.",
      "There is no override. 'consent ID' shows the history; 'consent request ID' asks the defender;",
      "'log verify' checks the action log, where every action and refusal is recorded.",
      "",
      "Sealed files are standard age v1 files. Real reviewers keep their private key on a",
      "hardware token (YubiKey, Nitrokey, smartcard-HSM, any PKCS#11 token); software identity",
      "files are for demos and for an offline recovery key kept in a safe.",
      "",
      "Never open a decrypted file on this workstation: open it in a disposable VM or convert it",
      "with a tool such as Dangerzone first. A hostile submission is as likely as a real one.",
    },
    subcommands = {KeygenCommand.class, TokenCommand.class, EncryptCommand.class, DecryptCommand.class,
      LoginCommand.class, PullCommand.class, ImportCommand.class, ListCommand.class, OpenCommand.class, VerifyCommand.class,
      ExportCommand.class, VerifyBundleCommand.class, ReplyCommand.class, ConsentCommand.class, MarkRaisedCommand.class,
      PublishCommand.class, ContactCommand.class, LogCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:unexpected failure",
      "2:wrong usage",
      "3:the file is not sealed to this identity",
      "4:not a valid sealed file",
      "5:the sealed file was altered or cut short",
      "6:token problem (missing, key not found, refused)",
      "7:wrong PIN",
      "8:refused unsafe output (binary or hostile text to a terminal, world-readable place)",
      "9:a file could not be read or written",
      "10:the gateway could not be reached or refused the request",
      "11:not logged in, the session expired, or the login was refused",
      "12:refused: the defender's current consent does not allow this action (no override exists)",
    })
public final class ConsoleMain {
  /**
   * Threads that seal or open the chunks of one file. One core stays free for reading and writing
   * the files: on two cores a second crypto thread made both directions slower (ops/bench seal).
   */
  static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line; used by main and by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new ConsoleMain());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Exit.Failure f = Exit.explain(e);
      err.println("error: " + f.getMessage());
      return f.exit.code;
    });
    cl.setParameterExceptionHandler((e, a) -> {
      err.println("error: " + e.getMessage());
      err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return Exit.USAGE.code;
    });
    return cl.execute(args);
  }
}

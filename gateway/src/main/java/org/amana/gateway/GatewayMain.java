package org.amana.gateway;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The gateway program: {@code serve} (what ops/run starts) and the operator's commands. The one
 * composition root of the gateway; {@link Serve} wires the server.
 */
@Command(name = "amana-gateway", mixinStandardHelpOptions = true, version = "Amana gateway 0.1",
    description = {
      "The Amana gateway: the submission site, the reviewer API, and the operator's commands.",
      "Run with no command to serve. Commands reach the same database as the server, also while",
      "it runs (the embedded PostgreSQL in the data folder, or --database-url).",
    },
    subcommands = {Serve.class, OperatorCommands.Reviewer.class, OperatorCommands.RecipientCmd.class, OfflineCommands.class,
        OperatorCommands.Verify.class})
public final class GatewayMain {

  public static void main(String[] args) {
    String[] a = args.length == 0 ? new String[] {"serve"} : args;
    System.exit(run(a, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new GatewayMain());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      err.println("error: " + explain(e));
      return 1;
    });
    return cl.execute(args);
  }

  /** An operator-facing sentence for a failure; never a stack trace. */
  static String explain(Throwable e) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    return switch (t) {
      case IllegalArgumentException i -> i.getMessage();
      case org.amana.storage.StoreException s -> s.getMessage();
      case java.net.BindException b -> "the address is in use: is another gateway running? (" + b.getMessage() + ")";
      case java.io.IOException io -> io.getMessage();
      default -> t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    };
  }
}

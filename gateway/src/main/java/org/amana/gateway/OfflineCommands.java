package org.amana.gateway;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.amana.gateway.api.Replies;
import org.amana.gateway.integrity.Log;
import org.amana.gateway.integrity.LogKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The operator's side of the offline workstation: sealed submissions out to a stick, sealed replies back in. */
@Command(name = "offline", mixinStandardHelpOptions = true,
    description = {"Carries sealed submissions to a reviewer's offline workstation on a folder (a USB stick),",
      "and the reviewer's sealed replies back. Nothing is opened on the gateway: the stick holds ciphertext",
      "and the defenders' reply recipients (public keys) only."},
    subcommands = {OfflineCommands.Export.class, OfflineCommands.ImportReplies.class})
final class OfflineCommands {

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Writes every committed submission not written to DIR before, sealed exactly as stored, with an",
        "item.json per submission (day, sealed sizes and SHA-256, reply recipient) that 'ops/console import'",
        "checks. What was written is listed in DIR/" + OfflineExport.EXPORTED + ", so the same stick can be",
        "used again. Never overwrites; files 0600, folders 0700. With the log key (--log-key), each item.json",
        "also carries the submission's log leaves, inclusion proofs, a freshly signed checkpoint and the log's",
        "public key, so that 'ops/console verify' checks the log offline too.",
        "Then, on the workstation: ops/console import DIR"})
  static final class Export implements Callable<Integer> {
    @Mixin DatabaseOptions database;
    @Spec CommandSpec spec;
    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The folder to write to (made if missing).") Path to;
    @Option(names = "--all", description = "Also write submissions written before, where they are no longer in DIR.") boolean all;
    @Option(names = "--log-key", paramLabel = "FILE", description = "The log key file (default: log.key in the data folder). "
        + "Without it, items carry no log proofs.") Path logKey;

    @Override
    public Integer call() throws Exception {
      Path key = logKey != null ? logKey : database.data.resolve("log.key");
      PrintWriter out = spec.commandLine().getOut();
      return OperatorCommands.withVertx(database, (vertx, store) -> {
        Log log = null;
        if (java.nio.file.Files.isRegularFile(key)) {
          log = new Log(vertx, store, LogKeys.load(key), key.resolveSibling("log-checkpoint.txt"));
        } else {
          out.println("WARNING: no log key at " + key + " (give --log-key FILE): the items carry no log proofs, and the "
              + "reviewer's 'verify' will say so.");
        }
        new OfflineExport(vertx, store, to, out).withLog(log).run(all);
      });
    }
  }

  @Command(name = "import-replies", mixinStandardHelpOptions = true,
      description = {"Stores the sealed replies an offline reviewer wrote to DIR ('ops/console reply ID --out DIR'),",
        "with the same checks as the reviewer API: the submission exists and has a reply recipient, the reply is",
        "sealed and at most 1 MiB. Each stored file is renamed to ….imported; running it twice stores nothing twice.",
        "Consent requests written there ('ops/console consent request ID --out DIR', consent-request-….age) are stored too."})
  static final class ImportReplies implements Callable<Integer> {
    @Mixin DatabaseOptions database;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "DIR", description = "The folder with the reply files (reply-….age, consent-request-….age).") Path dir;

    @Override
    public Integer call() throws Exception {
      return OperatorCommands.withVertx(database, (vertx, store) -> new OfflineReplies(new Replies(store), dir, spec.commandLine().getOut()).run());
    }
  }
}

package org.amana.gateway;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.amana.crypto.Recipient;
import org.amana.crypto.Recipients;
import org.amana.storage.RecipientId;
import org.amana.storage.ReviewerId;
import org.amana.storage.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The operator's commands: who may log in to the reviewer API, and whom new submissions are sealed to. */
final class OperatorCommands {
  private OperatorCommands() {}

  /** Runs {@code body} against the store, then closes everything it opened. */
  interface WithStore {
    void run(Store store, PrintWriter out) throws Exception;
  }

  static int withStore(DatabaseOptions database, CommandSpec spec, WithStore body) throws Exception {
    return withVertx(database, (vertx, store) -> body.run(store, spec.commandLine().getOut()));
  }

  /** As {@link WithStore}, for commands that also stream through Vert.x. */
  interface WithVertx {
    void run(Vertx vertx, Store store) throws Exception;
  }

  static int withVertx(DatabaseOptions database, WithVertx body) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (DatabaseOptions.Opened db = database.open()) {
      Store store = Store.connect(vertx, db.config()).await();
      try {
        body.run(vertx, store);
      } finally {
        store.close().await();
      }
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  @Command(name = "reviewer", mixinStandardHelpOptions = true, description = "Reviewers who may log in to the reviewer API.",
      subcommands = {Reviewer.Add.class, Reviewer.ListAll.class, Reviewer.Remove.class})
  static final class Reviewer {
    @Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Enrolls a reviewer: their token's login key (from 'ops/console token login-key')",
          "and, optionally, their sealing recipient (from 'ops/console token recipient')."})
    static final class Add implements Callable<Integer> {
      @Mixin DatabaseOptions database;
      @Spec CommandSpec spec;
      @Option(names = "--name", required = true, description = "A name for the operator's records (not shown to defenders).") String name;
      @Option(names = "--login-key", required = true, paramLabel = "KEY", description = "The login public key, base64 (SubjectPublicKeyInfo).") String loginKey;
      @Option(names = "--recipient", paramLabel = "RECIPIENT", description = "Also seal new submissions to this recipient.") String recipient;

      @Override
      public Integer call() throws Exception {
        byte[] spki = loginKey(loginKey);
        Recipient r = recipient == null ? null : Recipients.parse(recipient);
        return withStore(database, spec, (store, out) -> {
          if (r != null) checkCompatible(store, r);
          ReviewerId id = store.addReviewer(name, spki).await();
          out.println("reviewer " + id + " added");
          if (r != null) out.println("recipient " + store.addRecipient(r.encoded(), name, id).await() + " added: new submissions are sealed to it");
        });
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists reviewers.")
    static final class ListAll implements Callable<Integer> {
      @Mixin DatabaseOptions database;
      @Spec CommandSpec spec;

      @Override
      public Integer call() throws Exception {
        return withStore(database, spec, (store, out) -> {
          for (var r : store.reviewers().await()) {
            out.println(r.id() + "\t" + (r.active() ? "active " : "removed") + "\t" + r.addedOn() + "\t" + r.displayName());
          }
        });
      }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Removes a reviewer: they can no longer log in, and their recipients receive no new submissions.")
    static final class Remove implements Callable<Integer> {
      @Mixin DatabaseOptions database;
      @Spec CommandSpec spec;
      @Parameters(paramLabel = "ID") String id;

      @Override
      public Integer call() throws Exception {
        return withStore(database, spec, (store, out) -> {
          store.deactivateReviewer(ReviewerId.parse(id)).await();
          out.println("reviewer " + id + " removed");
        });
      }
    }
  }

  @Command(name = "recipient", mixinStandardHelpOptions = true,
      description = "The recipients every new submission is sealed to (all active ones).",
      subcommands = {RecipientCmd.Add.class, RecipientCmd.ListAll.class, RecipientCmd.Remove.class})
  static final class RecipientCmd {
    @Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Adds a recipient: age1tag1… (a token), age1tagpq1… (token + post-quantum), age1… (a recovery",
          "key kept offline), age1pq1…. Post-quantum and classic recipients cannot be mixed."})
    static final class Add implements Callable<Integer> {
      @Mixin DatabaseOptions database;
      @Spec CommandSpec spec;
      @Parameters(paramLabel = "RECIPIENT") String recipient;
      @Option(names = "--label", defaultValue = "", description = "A note for the operator's records.") String label;

      @Override
      public Integer call() throws Exception {
        Recipient r = Recipients.parse(recipient);
        return withStore(database, spec, (store, out) -> {
          checkCompatible(store, r);
          out.println("recipient " + store.addRecipient(r.encoded(), label, null).await() + " added: new submissions are sealed to it");
        });
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists recipients.")
    static final class ListAll implements Callable<Integer> {
      @Mixin DatabaseOptions database;
      @Spec CommandSpec spec;

      @Override
      public Integer call() throws Exception {
        return withStore(database, spec, (store, out) -> {
          for (var r : store.recipients().await()) {
            out.println(r.id() + "\t" + (r.active() ? "active " : "removed") + "\t" + r.recipient() + "\t" + r.label());
          }
        });
      }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Stops sealing new submissions to a recipient (what was sealed to it stays sealed to it).")
    static final class Remove implements Callable<Integer> {
      @Mixin DatabaseOptions database;
      @Spec CommandSpec spec;
      @Parameters(paramLabel = "ID") String id;

      @Override
      public Integer call() throws Exception {
        return withStore(database, spec, (store, out) -> {
          store.deactivateRecipient(RecipientId.parse(id)).await();
          out.println("recipient " + id + " removed");
          if (store.activeRecipients().await().isEmpty()) {
            out.println("WARNING: no recipient is left: the site refuses submissions until one is added.");
          }
        });
      }
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"The integrity sweep, now: re-hashes every sealed object, recomputes the log and checks it against",
        "every signed checkpoint and the submissions in the database. Repairs nothing.",
        "Exit code 0: no finding; 1: findings (each named in the report); 2: the sweep could not run."})
  static final class Verify implements Callable<Integer> {
    @Mixin DatabaseOptions database;
    @Spec CommandSpec spec;
    @Option(names = "--log-key", paramLabel = "FILE", description = "The log key file (default: log.key in the data folder).")
    java.nio.file.Path logKey;

    @Override
    public Integer call() throws Exception {
      java.nio.file.Path key = logKey != null ? logKey : database.data.resolve("log.key");
      org.amana.gateway.integrity.SweepReport[] report = new org.amana.gateway.integrity.SweepReport[1];
      try {
        org.amana.crypto.tlog.NoteVerifier verifier;
        try (org.amana.crypto.tlog.NoteSigner signer = org.amana.gateway.integrity.LogKeys.load(key)) {
          verifier = signer.verifier();
        }
        withStore(database, spec, (store, out) -> {
          report[0] = new org.amana.gateway.integrity.Sweep(store, verifier, key.resolveSibling("log-checkpoint.txt"),
              java.time.Clock.systemUTC()).run();
          out.print(report[0].text());
        });
      } catch (Exception e) {
        spec.commandLine().getErr().println("error: the sweep could not run: " + GatewayMain.explain(e));
        return 2;
      }
      return report[0].ok() ? 0 : 1;
    }
  }

  /** age seals a file to post-quantum recipients only or classic ones only; refuse a set that would break sealing. */
  static void checkCompatible(Store store, Recipient added) {
    List<String> active = store.activeRecipients().await();
    for (String s : active) {
      if (Recipients.parse(s).postQuantum() != added.postQuantum()) {
        throw new IllegalArgumentException("the active recipients are " + (added.postQuantum() ? "classic" : "post-quantum")
            + " and this one is not: age does not mix the two in one file. Remove the others first, or enroll the same kind.");
      }
    }
  }

  static byte[] loginKey(String base64) {
    try {
      byte[] spki = Base64.getDecoder().decode(base64.strip());
      ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
      if (key.getParams().getCurve().getField().getFieldSize() != 256) throw new IllegalArgumentException("not P-256");
      return spki;
    } catch (Exception e) {
      throw new IllegalArgumentException("--login-key is not a P-256 public key in base64 (get it with 'ops/console token login-key')");
    }
  }
}

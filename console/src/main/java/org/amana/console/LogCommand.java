package org.amana.console;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    subcommands = {LogCommand.Verify.class},
    description = {
      "Shows the action log: every export, mark-raised, publish, contact and consent request, and every",
      "refusal, one line each, each carrying the SHA-256 of the line before it. 'log verify' checks that",
      "chain (exit 5 if a line was edited, removed or inserted). The details of each entry are sealed to",
      "your token in actions/; the gateway's integrity log holds their SHA-256 as a custody event.",
    })
final class LogCommand implements Callable<Integer> {
  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    State state = home.open();
    PrintWriter out = spec.commandLine().getOut();
    for (ActionLog.Line l : ActionLog.lines(state)) out.println(Safe.text(l.text()));
    out.flush();
    return 0;
  }

  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Checks the action log's hash chain.")
  static final class Verify implements Callable<Integer> {
    @Mixin State.HomeOption home;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      State state = home.open();
      String problem = ActionLog.verify(state);
      if (problem != null) {
        throw Exit.fail(Exit.TAMPERED, "The action log was altered: " + problem + ". Keep the file as it is, as evidence, and "
            + "compare it with the custody events in the gateway's integrity log.");
      }
      spec.commandLine().getOut().println("The action log is intact: " + ActionLog.lines(state).size() + " entries, each following the one before.");
      return 0;
    }
  }
}

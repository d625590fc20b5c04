package org.amana.console;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "mark-raised",
    mixinStandardHelpOptions = true,
    description = {
      "Records that the case was raised with a UN human-rights mechanism (BODY: for example the",
      "reprisals focal point, or a Special Rapporteur). Allowed only while the defender's current",
      "consent includes 'un'; otherwise refused with the reason (exit 12), and the refusal is recorded.",
      "The record (sealed to your token) goes to the action log and the gateway's integrity log.",
    })
final class MarkRaisedCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "The submission's id.")
  String id;

  @Option(names = "--with", required = true, paramLabel = "BODY", description = "The mechanism it was raised with.")
  String body;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Guard.Acted a = Guard.act(home.open(), id, token, "mark-raised", Enforcement.Purpose.UN, "raised", "raised with: " + body);
    spec.commandLine().getOut().println("Marked " + id + " as raised with " + Safe.text(body) + ". " + a.recorded());
    return 0;
  }
}

package org.amana.console;

import java.util.concurrent.Callable;
import org.amana.crypto.format.Consent;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Records that the report is used in public advocacy. Allowed only while the defender's current",
      "consent includes 'public'; otherwise refused with the reason (exit 12) and the refusal recorded.",
      "Says whether the defender's name may appear (never / only after asking again / allowed).",
    })
final class PublishCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "The submission's id.")
  String id;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Guard.Acted a = Guard.act(home.open(), id, token, "publish", Enforcement.Purpose.PUBLIC, "published", null);
    Consent c = a.guard().consent.current();
    String naming = switch (c.naming()) {
      case NEVER -> "Do NOT name the defender: they said never.";
      case ASK -> "Do NOT name the defender unless they say yes to 'amana-console consent request " + id + " --action name'.";
      case ALLOWED -> "The defender allows their name to be used.";
    };
    spec.commandLine().getOut().println("Recorded: " + id + " is used in public advocacy. " + naming + " " + a.recorded());
    return 0;
  }
}

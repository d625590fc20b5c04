package org.amana.console;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "contact",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the channel the defender named for contact, with the precautions to take, and records",
      "that it was shown. Allowed only when the defender's current consent answer is 'channel' and a",
      "channel was named; 'replies only' and 'no contact' are refused (exit 12) and recorded.",
    })
final class ContactCommand implements Callable<Integer> {
  static final String PRECAUTIONS = """
      Before you contact the defender:
        - Anyone who watches that phone or account may see your message, and it links them to this report.
        - Never name Amana, the report or the case in a first message; agree a neutral reason with them if you can.
        - Use end-to-end encrypted channels with disappearing messages; never email, never SMS if avoidable.
        - If they do not answer, do not insist through other channels: use 'reply ID' on the site instead.""";

  @Parameters(paramLabel = "ID", description = "The submission's id.")
  String id;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Guard.Acted a = Guard.act(home.open(), id, token, "contact", Enforcement.Purpose.CONTACT, "contacted", null);
    spec.commandLine().getOut().println("The defender may be contacted through: "
        + Safe.text(a.guard().consent.current().channel()) + "\n" + PRECAUTIONS + "\n" + a.recorded());
    return 0;
  }
}

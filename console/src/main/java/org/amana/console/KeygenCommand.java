package org.amana.console;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.amana.crypto.MlKem768X25519Identity;
import org.amana.crypto.X25519Identity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Creates a software identity file (mode 0600) and prints its recipient.",
      "",
      "WARNING: a software identity is NOT hardware-backed: anyone who copies the file can open",
      "everything sealed to it. Use it for a demo, or for an offline recovery key printed or kept",
      "in a safe. Reviewers use a token instead: see 'token init'.",
    })
final class KeygenCommand implements Callable<Integer> {

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
      description = "Where to write the identity (created with mode 0600; never overwritten).")
  String output;

  @Option(names = "--pq", description = "A post-quantum hybrid identity (ML-KEM-768 + X25519, age1pq1…) instead of X25519.")
  boolean postQuantum;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String secret;
    String recipient;
    if (postQuantum) {
      MlKem768X25519Identity id = MlKem768X25519Identity.generate();
      secret = id.insecureEncoding();
      recipient = id.recipient().encoded();
    } else {
      try (X25519Identity id = X25519Identity.generate()) {
        secret = id.insecureEncoding();
        recipient = id.recipient().encoded();
      }
    }
    String content = "# created: " + LocalDate.now(ZoneOffset.UTC) + "\n"
        + "# public key: " + recipient + "\n"
        + "# WARNING: software identity, not hardware-backed. Anyone with this file opens what is sealed to it.\n"
        + secret + "\n";
    Terminal.writeSecretFile(output, content);
    var err = spec.commandLine().getErr();
    err.println("Public key: " + recipient);
    err.println("WARNING: " + output + " holds a private key in software, not on a hardware token.");
    err.println("Keep it offline (a safe, an encrypted USB stick); for daily use enroll a token ('token init').");
    spec.commandLine().getOut().println(recipient);
    return 0;
  }
}

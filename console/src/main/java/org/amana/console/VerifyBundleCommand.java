package org.amana.console;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify-bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Checks an evidence bundle written by 'export ID --to DIR --bundle', on any machine: no token,",
      "no network, no state folder. Checks every file against the SHA-256 and SHA-512 manifests",
      "(and that none was added), the reviewer's signature over the tag manifest, the checkpoint's",
      "signature with the log key inside the bundle, the inclusion proofs, and that the logged leaf",
      "commits to the files, the received day and the submission. Prints the keys' fingerprints:",
      "compare them with the ones the organisation publishes. Exit 0 only when all of it holds, 5 if not.",
    })
final class VerifyBundleCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DIR", description = "The bundle's folder (the one holding bagit.txt).")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) throw Exit.fail(Exit.USAGE, dir + " is not a folder. Give the bundle's folder (the one holding bagit.txt).");
    PrintWriter out = spec.commandLine().getOut();
    List<String> problems = BundleCheck.check(dir.toAbsolutePath(), out);
    if (problems.isEmpty()) {
      // The keys come from inside the bundle: it is consistent, but only the fingerprints printed
      // above, compared with what the organisation publishes, make it authentic.
      out.println("Verdict: the bundle is intact and consistent: signed by the key in signer-key.pem, and its submission "
          + "is in the log whose key is in data/proof/log-key.txt. Those keys come with the bundle: it is authentic only "
          + "if their fingerprints (above) match the ones the organisation publishes.");
      out.flush();
      return Exit.OK.code;
    }
    out.println("Verdict: NOT intact: " + problems.size() + " problem(s): " + String.join("; ", problems)
        + ". Do not rely on this bundle; ask its sender for a fresh copy.");
    out.flush();
    return Exit.TAMPERED.code;
  }
}

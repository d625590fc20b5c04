package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.amana.crypto.AgeException;
import org.amana.crypto.Identity;
import org.amana.crypto.pkcs11.Pkcs11Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a pulled submission without writing anything: every sealed file's SHA-256 against the",
      "gateway's listing, the manifest (opened with the token), and every file opened to the end in",
      "memory — each authentication tag checked — with its SHA-256 and size compared with the",
      "manifest. The plaintext is hashed and thrown away; nothing is written to disk.",
      "Then the integrity log: the submission's leaf is recomputed from the pulled sealed items and",
      "the manifest's plaintext commitment, and must equal the logged leaf, whose inclusion proof",
      "must lead to a checkpoint signed with the log key pinned at the first pull.",
      "Prints one line per check and a plain verdict. Exit 0 when intact, 5 when not.",
    })
final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "The submission's id (see 'amana-console list').")
  String id;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    State state = home.open();
    Pulled p = Pulled.load(state, id);
    PrintWriter out = spec.commandLine().getOut();
    List<String> problems = new ArrayList<>();
    for (JsonNode b : p.listing.path("blobs")) {
      String what = b.path("kind").asText().equals("manifest") ? "manifest" : "file #" + b.path("ordinal").asInt();
      String problem = p.sealedProblem(b);
      out.println((problem == null ? "OK        sealed " : "PROBLEM   sealed ") + what + (problem == null ? ": SHA-256 matches the listing" : ": " + problem));
      if (problem != null) problems.add("sealed " + what + " " + problem);
    }
    int verified = 0;
    try (Pkcs11Token t = token.open()) {
      List<Identity> ids = token.identities(t);
      JsonNode m;
      try {
        m = p.manifest(ids);
      } catch (Exit.Failure | AgeException e) {
        Exit.Failure f = Exit.explain(e);
        if (f.exit != Exit.TAMPERED && f.exit != Exit.MALFORMED) throw f;
        return verdict(out, 0, List.of("manifest: " + f.getMessage()));
      }
      out.println("OK        manifest opened; every tag verified");
      Set<Integer> seen = new HashSet<>();
      for (JsonNode f : m.path("files")) {
        int n = Pulled.ordinal(f);
        seen.add(n);
        String problem = check(p, f, n, ids);
        if (problem == null) {
          verified++;
          out.println("OK        file #" + n + " (" + Safe.text(f.path("name").asText("?")) + "): " + Pulled.storedSize(f)
              + " bytes, SHA-256 and every tag verified");
        } else {
          out.println("PROBLEM   file #" + n + " (" + Safe.text(f.path("name").asText("?")) + "): " + problem);
          problems.add("file #" + n + " " + problem);
        }
      }
      for (JsonNode b : p.listing.path("blobs")) {
        if (b.path("kind").asText().equals("file") && !seen.contains(b.path("ordinal").asInt())) {
          out.println("PROBLEM   file #" + b.path("ordinal").asInt() + ": listed by the gateway but not in the manifest");
          problems.add("file #" + b.path("ordinal").asInt() + " is not in the manifest");
        }
      }
      problems.addAll(LogCheck.check(state, p, m, out));
    }
    return verdict(out, verified, problems);
  }

  /** Null when the file is intact; else what is wrong with it. */
  private static String check(Pulled p, JsonNode f, int n, List<Identity> ids) throws Exception {
    JsonNode b = p.blob("file", n);
    if (b == null) return "missing from the gateway's listing";
    if (!b.path("sealedSha256").asText().equals(f.path("sealedSha256").asText())) {
      return "the listing's sealed SHA-256 differs from the one in the manifest";
    }
    String sealed = p.sealedProblem(b);
    if (sealed != null) return "sealed copy " + sealed;
    Pulled.Opened o;
    try {
      o = Pulled.open(p.path(b), ids, OutputStream.nullOutputStream());
    } catch (AgeException e) {
      return Exit.explain(e).getMessage();
    }
    if (!o.sha256().equals(Pulled.storedSha256(f))) return "opened to a SHA-256 other than the one stored";
    if (o.size() != Pulled.storedSize(f)) return "opened to " + o.size() + " bytes, not the " + Pulled.storedSize(f) + " stored";
    return null;
  }

  private static int verdict(PrintWriter out, int verified, List<String> problems) {
    if (problems.isEmpty()) {
      out.println("Verdict: intact: " + verified + " files verified; the leaf is in the signed log.");
      out.flush();
      return Exit.OK.code;
    }
    out.println("Verdict: NOT intact: " + String.join("; ", problems) + ". Do not trust this copy; keep it as evidence "
        + "and run 'amana-console pull' (or 'import DIR') again.");
    out.flush();
    return Exit.TAMPERED.code;
  }
}

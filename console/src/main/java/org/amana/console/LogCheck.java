package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The integrity log's part of {@code verify}: the submission's leaf recomputed from what is here
 * (the pulled sealed items, the listing's day, the plaintext commitment recomputed from the opened
 * manifest), found equal to the logged leaf, whose inclusion proof leads to a checkpoint signed
 * with the pinned log key.
 */
final class LogCheck {
  private LogCheck() {}

  /** Prints one line per check; returns the problems (empty when everything holds). */
  static List<String> check(State state, Pulled p, JsonNode manifest, PrintWriter out) throws IOException {
    List<String> problems = new ArrayList<>();
    JsonNode material = LogMaterial.load(p.folder);
    if (material == null) {
      out.println("PROBLEM   log: no log proofs were kept for this submission: run 'amana-console pull' (or 'import DIR') again");
      return List.of("no log proofs here");
    }
    LogMaterial.Result r = LogMaterial.check(material, p.id, LogMaterial.pinned(state), out);
    problems.addAll(r.problems());
    if (r.submissionLeaf() == null) return problems;
    byte[] commitment = Leaf.commitment(manifest);
    if (commitment == null) {
      out.println("PROBLEM   plaintext commitment: the manifest carries none (or an unreadable one)");
      problems.add("the manifest has no plaintext commitment");
      return problems;
    }
    byte[] recomputed = recompute(p, commitment);
    Leaf.Decoded logged = Leaf.decode(r.submissionLeaf());
    if (Leaf.equal(recomputed, r.submissionLeaf())) {
      out.println("OK        leaf recomputed from the pulled sealed items, the day and the opened manifest's plaintext "
          + "commitment: equal to the logged leaf (fingerprint " + LogMaterial.fingerprint(recomputed) + ")");
    } else {
      String what = differs(Leaf.decode(recomputed), logged);
      out.println("PROBLEM   leaf: recomputed from what is here, it differs from the logged leaf: " + what);
      problems.add("the leaf recomputed here differs from the logged one (" + what + ")");
    }
    return problems;
  }

  /** The submission leaf of what is here: every listed sealed item hashed again as it lies on disk. */
  static byte[] recompute(Pulled p, byte[] commitment) throws IOException {
    List<JsonNode> blobs = new ArrayList<>();
    p.listing.path("blobs").forEach(blobs::add);
    blobs.sort(Comparator.comparing((JsonNode b) -> b.path("kind").asText().equals("file")).thenComparingInt(b -> b.path("ordinal").asInt()));
    List<Leaf.Sealed> objects = new ArrayList<>();
    for (JsonNode b : blobs) {
      Path f = p.path(b);
      boolean here = Files.isRegularFile(f);
      objects.add(new Leaf.Sealed(b.path("kind").asText().equals("manifest"), b.path("ordinal").asInt(), here ? Files.size(f) : -1,
          here ? HexFormat.of().parseHex(PullCommand.sha256(f)) : new byte[32]));
    }
    return Leaf.submission(UUID.fromString(p.id), LocalDate.parse(p.listing.path("receivedOn").asText()), commitment, objects);
  }

  private static String differs(Leaf.Decoded here, Leaf.Decoded logged) {
    List<String> d = new ArrayList<>();
    if (!here.day().equals(logged.day())) d.add("the day (listed " + here.day() + ", logged " + logged.day() + ")");
    if (!Leaf.equal(here.commitmentOrDetails(), logged.commitmentOrDetails())) d.add("the plaintext commitment");
    if (here.objects().size() != logged.objects().size()) {
      d.add(here.objects().size() + " sealed items here, " + logged.objects().size() + " logged");
    } else {
      for (int i = 0; i < here.objects().size(); i++) {
        Leaf.Sealed a = here.objects().get(i);
        Leaf.Sealed b = logged.objects().get(i);
        String name = a.manifest() ? "the sealed manifest" : "sealed file #" + a.ordinal();
        if (a.manifest() != b.manifest() || a.ordinal() != b.ordinal()) d.add(name + " is not the logged item " + i);
        else if (a.size() != b.size() || !Leaf.equal(a.sha256(), b.sha256())) d.add(name + " (size or SHA-256)");
      }
    }
    return d.isEmpty() ? "its encoding" : String.join(", ", d);
  }
}

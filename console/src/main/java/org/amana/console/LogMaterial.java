package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.LogHash;
import org.amana.crypto.tlog.NoteException;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.crypto.tlog.Proofs;

/**
 * The integrity log's material for one pulled submission ({@code log.json} in its folder): every
 * leaf of it with an inclusion proof against one signed checkpoint (the gateway's SubmissionLog
 * format), and the log's verifier key, pinned in the state folder on first use ({@code log-key.txt}):
 * a gateway that later shows another key is refused, since a new key could sign a rewritten log.
 */
final class LogMaterial {
  static final String FILE = "log.json";
  static final String FORMAT = "amana-log-material/1";
  static final String PINNED_KEY = "log-key.txt";
  private static final int MAX_KEY = 4096;

  private LogMaterial() {}

  /**
   * The key as pinned, or on first use pins {@code offered} (told to the reviewer); refuses any
   * other key. Key names may hold any non-space character: they reach the terminal through Safe.text.
   */
  static NoteVerifier pin(State state, String offered, PrintWriter out) throws IOException {
    NoteVerifier key = parseKey(offered, "The gateway's log key");
    Path f = state.home.resolve(PINNED_KEY);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      State.writePrivate(f, (key.encoded() + "\n").getBytes(StandardCharsets.UTF_8));
      out.println("Pinned the gateway's integrity log key (first use): " + Safe.text(key.encoded()));
      out.println("Compare it with the key the operator published; every later pull must show the same key.");
      return key;
    }
    NoteVerifier pinned = pinned(state);
    if (!pinned.equals(key)) {
      throw Exit.fail(Exit.TAMPERED, "The gateway's integrity log key changed: pinned " + Safe.text(pinned.encoded()) + ", now offered "
          + Safe.text(key.encoded()) + ". Nothing was pulled. A new key could sign a rewritten log: ask the operator why, "
          + "through another channel, before removing " + f + ".");
    }
    return pinned;
  }

  /** The pinned key; fails with advice when none was pinned yet. */
  static NoteVerifier pinned(State state) throws IOException {
    Path f = state.home.resolve(PINNED_KEY);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      throw Exit.fail(Exit.USAGE, "No integrity log key is pinned yet: run 'amana-console pull' (or 'import DIR') first.");
    }
    return parseKey(new String(Files.readAllBytes(f), StandardCharsets.UTF_8), "The pinned log key in " + f);
  }

  static NoteVerifier parseKey(String text, String what) {
    try {
      if (text.length() > MAX_KEY) throw new NoteException("too long");
      return NoteVerifier.parse(text.strip());
    } catch (NoteException e) {
      throw Exit.fail(Exit.MALFORMED, what + " is not a valid Ed25519 verifier key (" + e.getMessage() + ").");
    }
  }

  /** Keeps only the fields verify relies on, with their types checked; nothing else the source sent. */
  static ObjectNode facts(JsonNode m) {
    if (!FORMAT.equals(m.path("format").asText()) || !m.path("leaves").isArray() || !m.path("size").canConvertToLong()) {
      throw Exit.fail(Exit.SERVER, "The gateway's log material is not in the format " + FORMAT + ".");
    }
    ObjectNode f = State.JSON.createObjectNode().put("format", FORMAT).put("size", m.path("size").asLong());
    if (m.hasNonNull("checkpoint")) f.put("checkpoint", m.path("checkpoint").asText());
    var leaves = f.putArray("leaves");
    for (JsonNode l : m.path("leaves")) {
      ObjectNode o = leaves.addObject().put("index", l.path("index").asLong()).put("kind", l.path("kind").asText())
          .put("leaf", l.path("leaf").asText());
      if (l.has("proof")) {
        var p = o.putArray("proof");
        l.path("proof").forEach(h -> p.add(h.asText()));
      }
    }
    return f;
  }

  /** The stored material of a pulled submission, or null when it has none (pulled before the log existed). */
  static JsonNode load(Path folder) throws IOException {
    Path f = folder.resolve(FILE);
    return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? State.JSON.readTree(f.toFile()) : null;
  }

  /** What the checks found: the submission leaf's bytes (null when unusable) and the problems. */
  record Result(byte[] submissionLeaf, Checkpoint checkpoint, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Checks the checkpoint's signature with {@code key} and every leaf's inclusion proof against it,
   * printing one line each; leaves of another submission or malformed ones are problems. A custody
   * event newer than the checkpoint is noted, not a problem; the submission leaf must be covered.
   */
  static Result check(JsonNode m, String id, NoteVerifier key, PrintWriter out) {
    List<String> problems = new ArrayList<>();
    Checkpoint cp = null;
    try {
      cp = Checkpoint.parse(key.verify(m.path("checkpoint").asText()));
      if (cp.size() != m.path("size").asLong()) throw new NoteException("it is for another tree size than the proofs");
      if (!cp.origin().equals(key.name())) throw new NoteException("its origin is not the key's name");
      out.println("OK        checkpoint " + cp.size() + ": signed by " + Safe.text(key.encoded()));
    } catch (NoteException e) {
      cp = null;
      line(out, problems, "checkpoint", "its signature does not verify with the log key " + Safe.text(key.encoded()) + " (" + e.getMessage() + ")");
    }
    byte[] submission = null;
    JsonNode leaves = m.path("leaves");
    for (int i = 0; i < leaves.size(); i++) {
      JsonNode l = leaves.get(i);
      long index = l.path("index").asLong(-1);
      String what = (i == 0 ? "submission leaf" : "custody event") + " #" + index;
      byte[] data;
      Leaf.Decoded d;
      try {
        data = Base64.getDecoder().decode(l.path("leaf").asText());
        d = Leaf.decode(data);
      } catch (IllegalArgumentException e) {
        line(out, problems, what, "malformed (" + e.getMessage() + ")");
        continue;
      }
      if (!d.id().equals(UUID.fromString(id)) || d.isSubmission() != (i == 0)
          || !(d.isSubmission() ? "submission" : d.event()).equals(l.path("kind").asText())) {
        line(out, problems, what, "belongs to another submission or is not what it is listed as");
        continue;
      }
      if (i == 0) submission = data;
      String label = d.isSubmission() ? what + " (day " + d.day() + ")" : what + " (" + d.event() + ", day " + d.day() + ")";
      if (!l.has("proof")) {
        if (i == 0) line(out, problems, label, "not covered by the checkpoint: pull again later");
        else out.println("NOTE      " + label + ": newer than the checkpoint, not yet provable");
        continue;
      }
      if (cp == null) continue;
      if (Proofs.verifyInclusion(index, cp.size(), LogHash.leaf(data), hashes(l.path("proof")), cp.root())) {
        out.println("OK        " + label + ": included in checkpoint " + cp.size());
      } else {
        line(out, problems, label, "its inclusion proof does not lead to the checkpoint's root");
      }
    }
    if (leaves.isEmpty()) line(out, problems, "log", "no leaf for this submission");
    return new Result(submission, cp, problems);
  }

  /** The leaf hash, as the short fingerprint the defender's receipt shows ("1a2b 3c4d"). */
  static String fingerprint(byte[] leaf) {
    String hex = HexFormat.of().formatHex(LogHash.leaf(leaf), 0, 4);
    return hex.substring(0, 4) + " " + hex.substring(4);
  }

  private static List<byte[]> hashes(JsonNode proof) {
    List<byte[]> out = new ArrayList<>();
    try {
      for (JsonNode h : proof) out.add(Base64.getDecoder().decode(h.asText()));
    } catch (IllegalArgumentException e) {
      return null; // verifyInclusion refuses a null proof
    }
    return out;
  }

  private static void line(PrintWriter out, List<String> problems, String what, String problem) {
    out.println("PROBLEM   " + what + ": " + problem);
    problems.add(what + " " + problem);
  }
}

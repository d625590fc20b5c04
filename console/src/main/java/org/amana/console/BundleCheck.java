package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.amana.crypto.tlog.Checkpoint;
import org.amana.crypto.tlog.LogHash;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.crypto.tlog.Proofs;
import org.amana.crypto.tlog.SignedNote;

/**
 * Checks an evidence bundle with nothing but its own contents: the bag's manifests and
 * completeness, the reviewer's signature over the tag manifest, the checkpoint's signature with the
 * log key inside, the inclusion proofs, and the leaf against the manifest facts and the files.
 * Everything in the bundle is untrusted input: paths are confined to it, links never followed,
 * sizes bounded, and its text is shown only through {@link Safe#text}.
 */
final class BundleCheck {
  private static final int MAX_SMALL = 16 << 20;
  private final Path bag;
  private final PrintWriter out;
  private final List<String> problems = new ArrayList<>();
  /** data/ path → its SHA-256 as the (verified) payload manifest lists it. */
  private final Map<String, String> sha256 = new HashMap<>();

  private BundleCheck(Path bag, PrintWriter out) {
    this.bag = bag;
    this.out = out;
  }

  /** Prints one line per check; returns the problems (empty: everything holds). */
  static List<String> check(Path bag, PrintWriter out) throws IOException {
    BundleCheck c = new BundleCheck(bag, out);
    c.run();
    return c.problems;
  }

  private interface Step {
    void run() throws Exception;
  }

  private void step(String what, Step s) {
    try {
      s.run();
    } catch (IOException | RuntimeException | GeneralSecurityException e) {
      problem(what, "unreadable or malformed (" + Safe.text(String.valueOf(e.getMessage())) + ")");
    } catch (Exception e) {
      problem(what, "could not be checked");
    }
  }

  private void run() throws IOException {
    step("bagit.txt", () -> {
      if (!Bag.BAGIT_TEXT.equals(text(Bag.BAGIT))) problem("bagit.txt", "is not a BagIt 1.0 declaration");
    });
    Set<String> present = files();
    step("tag manifest", this::tags);
    step("signature", this::signature);
    step("payload manifests", () -> payload(present));
    step("log proofs", this::proofs);
    step("manifest facts", this::facts);
  }

  /** Every regular file in the bag, by relative path; links and other oddities are problems. */
  private Set<String> files() throws IOException {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> s = Files.walk(bag)) {
      for (Path p : s.toList()) {
        String rel = bag.relativize(p).toString();
        if (Files.isSymbolicLink(p)) problem(Safe.text(rel), "is a symbolic link: a bundle holds plain files only");
        else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) found.add(rel);
      }
    }
    Set<String> allowed = new TreeSet<>(Bag.TAGGED);
    allowed.add(Bag.TAGMANIFEST);
    allowed.add(Bag.SIGNATURE);
    for (String f : found) {
      if (!f.startsWith("data/") && !allowed.contains(f)) problem(Safe.text(f), "is not part of an evidence bundle (added?)");
    }
    return found;
  }

  private void tags() throws IOException {
    Map<String, String> listed = manifest(Bag.TAGMANIFEST, 64, false);
    if (!listed.keySet().equals(new TreeSet<>(Bag.TAGGED))) problem("tag manifest", "does not list exactly the bundle's tag files");
    int ok = 0;
    for (Map.Entry<String, String> e : listed.entrySet()) {
      if (isFile(e.getKey()) && Bag.hash(bag.resolve(e.getKey()), "SHA-256").equals(e.getValue())) ok++;
      else problem(Safe.text(e.getKey()), "does not match the tag manifest (changed or missing)");
    }
    if (ok == listed.size()) out.println("OK        tag files: " + ok + " match the tag manifest");
  }

  private void signature() throws Exception {
    byte[] spki = Bag.unpem(text(Bag.SIGNER_KEY));
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(Bag.ecKey(spki));
    v.update(bytes(Bag.TAGMANIFEST));
    if (v.verify(bytes(Bag.SIGNATURE))) {
      out.println("OK        signature over the tag manifest verifies with signer-key.pem (SHA-256 of the key: "
          + Bag.fingerprint(spki) + "; compare it with the reviewer keys your source publishes)");
    } else {
      problem("signature", "does not verify with signer-key.pem");
    }
  }

  private void payload(Set<String> present) throws IOException {
    Map<String, String> s256 = manifest(Bag.MANIFEST_256, 64, true);
    Map<String, String> s512 = manifest(Bag.MANIFEST_512, 128, true);
    Set<String> data = new TreeSet<>(present.stream().filter(f -> f.startsWith("data/")).toList());
    if (!s256.keySet().equals(data) || !s512.keySet().equals(data)) {
      problem("payload manifests", "do not list exactly the files under data/ (a file was added or removed)");
    }
    long bytes = 0;
    int ok = 0;
    for (String f : s256.keySet()) {
      if (!isFile(f)) {
        problem(Safe.text(f), "is listed but missing");
        continue;
      }
      bytes += Files.size(bag.resolve(f));
      boolean good = Bag.hash(bag.resolve(f), "SHA-256").equals(s256.get(f)) && s512.containsKey(f)
          && Bag.hash(bag.resolve(f), "SHA-512").equals(s512.get(f));
      if (good) {
        ok++;
        sha256.put(f, s256.get(f));
      } else {
        problem(Safe.text(f), "does not match its SHA-256 or SHA-512 in the manifests (changed)");
      }
    }
    String oxum = bytes + "." + s256.size();
    if (!text(Bag.INFO).lines().anyMatch(l -> l.equals("Payload-Oxum: " + oxum))) problem("bag-info.txt", "Payload-Oxum is not " + oxum);
    if (ok == s256.size()) out.println("OK        payload: " + ok + " files under data/ match their SHA-256 and SHA-512");
  }

  private void proofs() throws IOException {
    NoteVerifier key = LogMaterial.parseKey(text(Bag.LOG_KEY), "data/proof/log-key.txt");
    out.println("          log key in the bundle: " + Safe.text(key.encoded()) + " (compare it with the one the operator publishes)");
    if (!Bag.ed25519Pem(key.publicKey()).equals(text(Bag.LOG_KEY_PEM))) problem("log-key.pem", "is not the key of log-key.txt");
    SignedNote note = SignedNote.parse(text(Bag.CHECKPOINT));
    Checkpoint cp = Checkpoint.parse(key.verify(note));
    out.println("OK        checkpoint " + cp.size() + " is signed by the log key");
    SignedNote.Signature sig = note.signatures().stream().filter(s -> s.keyName().equals(key.name()) && s.keyId() == key.keyId())
        .findFirst().orElseThrow();
    if (!note.text().equals(text(Bag.CHECKPOINT_BODY)) || !Leaf.equal(sig.signature(), bytes(Bag.CHECKPOINT_SIG))) {
      problem("checkpoint-body.txt / checkpoint.sig", "are not the text and signature of checkpoint.txt");
    }
    JsonNode inc = json(Bag.INCLUSION);
    List<byte[]> proof = new ArrayList<>();
    for (JsonNode h : inc.path("proof")) proof.add(Base64.getDecoder().decode(h.asText()));
    byte[] leaf = bytes(Bag.LEAF);
    if (inc.path("size").asLong() == cp.size()
        && Proofs.verifyInclusion(inc.path("index").asLong(-1), cp.size(), LogHash.leaf(leaf), proof, cp.root())) {
      out.println("OK        leaf #" + inc.path("index").asLong() + " (fingerprint " + LogMaterial.fingerprint(leaf)
          + ") is included in checkpoint " + cp.size());
    } else {
      problem("inclusion proof", "does not lead from leaf.bin to the checkpoint's root");
    }
    JsonNode log = json(Bag.LOG);
    if (!note.encoded().equals(log.path("checkpoint").asText()) || !Base64.getEncoder().encodeToString(leaf)
        .equals(log.path("leaves").path(0).path("leaf").asText())) {
      problem("log.json", "is not for the same checkpoint and leaf");
    }
    String id = json(Bag.FACTS).path("submission").asText();
    LogMaterial.Result r = LogMaterial.check(log, UUID.fromString(id).toString(), key, out);
    r.problems().forEach(p -> problems.add("log.json: " + p));
  }

  private void facts() throws IOException {
    JsonNode f = json(Bag.FACTS);
    Leaf.Decoded leaf = Leaf.decode(bytes(Bag.LEAF));
    List<String> wrong = new ArrayList<>();
    if (!Bag.FACTS_FORMAT.equals(f.path("format").asText())) wrong.add("not in the format " + Bag.FACTS_FORMAT);
    if (!leaf.isSubmission() || !leaf.id().toString().equals(f.path("submission").asText())) wrong.add("another submission than the leaf's");
    if (!leaf.day().toString().equals(f.path("receivedOn").asText())) wrong.add("another received day than the leaf's");
    byte[] commitment = Leaf.commitment(f.path("plaintextCommitment"), f.path("report").path("sha256").asText(), f.path("files"));
    if (!Leaf.equal(commitment, leaf.commitmentOrDetails())) wrong.add("its hashes do not recompute to the leaf's plaintext commitment");
    List<Leaf.Sealed> logged = leaf.objects().stream().filter(o -> !o.manifest()).toList();
    if (logged.size() != f.path("files").size()) wrong.add(f.path("files").size() + " files, the leaf has " + logged.size());
    for (JsonNode e : f.path("files")) {
      int n = e.path("ordinal").asInt(-1);
      boolean sealed = logged.stream().anyMatch(o -> o.ordinal() == n
          && java.util.HexFormat.of().formatHex(o.sha256()).equals(e.path("sealedSha256").asText()));
      if (!sealed) wrong.add("file #" + n + ": its sealed SHA-256 is not the leaf's");
      String as = e.path("exportedAs").asText();
      if (!e.path("sha256Stored").asText().equals(sha256.get(as)) || !as.startsWith("data/files/")) {
        wrong.add("file #" + n + ": " + Safe.text(as) + " is missing or is not the file the facts and the leaf commit to");
      }
    }
    // Only the files the leaf commits to: a file added under data/files/ (and to the manifests, and
    // signed again) must not pass as evidence the log attests.
    Set<String> exported = new TreeSet<>();
    for (JsonNode e : f.path("files")) exported.add(e.path("exportedAs").asText());
    Set<String> files = new TreeSet<>(sha256.keySet().stream().filter(k -> k.startsWith("data/files/")).toList());
    if (!files.equals(exported)) wrong.add("the files under data/files/ are not exactly the ones it lists (one was added or renamed)");
    for (String k : new TreeSet<>(sha256.keySet())) {
      if (!k.startsWith("data/files/") && !Bag.DATA.contains(k)) wrong.add(Safe.text(k) + " is not part of an evidence bundle");
    }
    if (wrong.isEmpty()) {
      out.println("OK        manifest facts: the leaf commits to this submission, its received day, and the "
          + f.path("files").size() + " files here (recomputed plaintext commitment)");
    } else {
      wrong.forEach(w -> problem("manifest-facts.json", w));
    }
  }

  /** A manifest's lines "HEX  PATH"; payload paths are confined to data/, each listed once. */
  private Map<String, String> manifest(String name, int hexLength, boolean payload) throws IOException {
    Map<String, String> m = new HashMap<>();
    for (String line : text(name).split("\n", -1)) {
      if (line.isEmpty()) continue;
      int sep = line.indexOf("  ");
      String hex = sep < 0 ? "" : line.substring(0, sep);
      String path = sep < 0 ? "" : line.substring(sep + 2);
      if (hex.length() != hexLength || !hex.matches("[0-9a-f]+") || !safe(path, payload) || m.put(path, hex) != null) {
        throw new IllegalArgumentException(name + " has a malformed or unsafe line");
      }
    }
    return m;
  }

  /** A relative path of plain names inside the bag: no "..", no absolute path, no control characters. */
  private static boolean safe(String path, boolean payload) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) return false;
    for (String part : path.split("/", -1)) if (part.isEmpty() || part.equals(".") || part.equals("..")) return false;
    return !payload || path.startsWith("data/");
  }

  private boolean isFile(String rel) {
    return Files.isRegularFile(bag.resolve(rel), LinkOption.NOFOLLOW_LINKS);
  }

  private byte[] bytes(String rel) throws IOException {
    if (!isFile(rel)) throw new IOException(rel + " is missing");
    try (InputStream in = Files.newInputStream(bag.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = in.readNBytes(MAX_SMALL + 1);
      if (b.length > MAX_SMALL) throw new IOException(rel + " is too large");
      return b;
    }
  }

  private String text(String rel) throws IOException {
    return new String(bytes(rel), StandardCharsets.UTF_8);
  }

  private JsonNode json(String rel) throws IOException {
    return State.JSON.readTree(bytes(rel));
  }

  private void problem(String what, String problem) {
    out.println("PROBLEM   " + what + ": " + problem);
    problems.add(what + " " + problem);
  }
}

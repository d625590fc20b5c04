package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.amana.crypto.Identity;
import org.amana.crypto.pkcs11.TokenSigner;
import org.amana.crypto.tlog.NoteVerifier;
import org.amana.crypto.tlog.SignedNote;

/**
 * Writes an evidence bundle of one pulled submission: a BagIt 1.0 bag (RFC 8493) holding the
 * decrypted files, the sealed manifest's facts, the custody events, the consent, and the log's
 * leaf, proofs, checkpoint and key, with SHA-256 and SHA-512 manifests, a tag manifest signed by
 * the reviewer's token, and VERIFY.md. Layout: docs/integrity-log.md, "Evidence bundles".
 *
 * <p>Refused unless the log proofs hold here first: a bundle never carries a failing proof. Written
 * into a hidden folder and renamed into place at the end, so a bundle is whole or absent.
 */
final class EvidenceBundle {
  private static final Set<StandardOpenOption> NEW = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private final Path root;
  /** data/ path → {sha256, sha512, size}: the payload manifests. */
  private final Map<String, String[]> payload = new TreeMap<>();

  private EvidenceBundle(Path root) {
    this.root = root;
  }

  /** Writes the bag {@code dir/amana-evidence-ID}; returns its path. */
  static Path write(State state, Pulled p, JsonNode m, List<Identity> ids, TokenSigner signer, Path dir, PrintWriter out)
      throws IOException {
    List<String> problems = LogCheck.check(state, p, m, new PrintWriter(java.io.Writer.nullWriter()));
    if (!problems.isEmpty()) {
      throw Exit.fail(Exit.TAMPERED, "No bundle was written: the log proofs of " + p.id + " do not hold here ("
          + String.join("; ", problems) + "). Run 'amana-console verify " + p.id + "' to see each check.");
    }
    Path bag = dir.resolve("amana-evidence-" + p.id);
    if (Files.exists(bag, LinkOption.NOFOLLOW_LINKS)) {
      throw Exit.fail(Exit.IO, bag + " already exists. The console never overwrites: move it away or bundle into another folder.");
    }
    Path part = dir.resolve(".amana-evidence-" + p.id + ".part");
    State.mkdirNew(part); // a leftover of an interrupted bundle is reported, never reused
    boolean done = false;
    try {
      EvidenceBundle b = new EvidenceBundle(part);
      int files = b.payload(state, p, m, ids);
      b.tags(p, signer);
      Files.move(part, bag, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      out.println("Evidence bundle of " + p.id + " written to " + bag + ": " + files + " files, the sealed manifest's facts, custody "
          + "events, consent, and the log proofs; signed by the token's key " + Safe.text(signer.label()) + " (SHA-256 of the key: "
          + Bag.fingerprint(signer.publicKey().getEncoded()) + ").");
      out.println("Check it anywhere with 'amana-console verify-bundle " + bag + "', or with the standard tools in its VERIFY.md.");
      out.println("The files inside are as the defender sent them (after metadata removal): open them only in a disposable VM.");
      return bag;
    } finally {
      if (!done) deleteTree(part);
    }
  }

  /** Everything under data/; returns the number of decrypted files. */
  private int payload(State state, Pulled p, JsonNode m, List<Identity> ids) throws IOException {
    for (String d : List.of("data", "data/files", "data/proof")) State.mkdirNew(root.resolve(d));
    ObjectNode facts = State.JSON.createObjectNode().put("format", Bag.FACTS_FORMAT).put("submission", p.id)
        .put("receivedOn", p.listing.path("receivedOn").asText()).put("manifestFormat", m.path("format").asText());
    facts.putObject("report").put("sha256", HexFormat.of().formatHex(Leaf.sha256(m.path("report").asText("").getBytes(StandardCharsets.UTF_8))));
    facts.set("plaintextCommitment", m.path("plaintextCommitment").deepCopy());
    ArrayNode list = facts.putArray("files");
    int n = 0;
    for (JsonNode f : m.path("files")) {
      int ordinal = Pulled.ordinal(f);
      JsonNode blob = p.blob("file", ordinal);
      if (blob == null || !blob.path("sealedSha256").asText().equals(f.path("sealedSha256").asText()) || p.sealedProblem(blob) != null) {
        throw Exit.fail(Exit.TAMPERED, "File #" + ordinal + " is missing or does not match the listing. No bundle was written.");
      }
      String name = "data/files/file-" + ordinal + "." + ExportCommand.extension(f.path("detectedType").asText());
      MessageDigest sha512 = Bag.digest("SHA-512");
      Pulled.Opened o;
      try (OutputStream file = create(name); OutputStream sink = new DigestOutputStream(file, sha512)) {
        o = Pulled.open(p.path(blob), ids, sink);
      }
      if (!o.sha256().equals(Pulled.storedSha256(f)) || o.size() != Pulled.storedSize(f)) {
        throw Exit.fail(Exit.TAMPERED, "File #" + ordinal + " opened to other contents than the gateway stored. No bundle was written.");
      }
      payload.put(name, new String[] {o.sha256(), HexFormat.of().formatHex(sha512.digest()), String.valueOf(o.size())});
      ObjectNode e = list.addObject().put("ordinal", ordinal).put("name", f.path("name").asText())
          .put("detectedType", f.path("detectedType").asText()).put("size", f.path("size").asLong())
          .put("sha256Received", f.path("sha256Received").asText()).put("storedSize", Pulled.storedSize(f))
          .put("sha256Stored", Pulled.storedSha256(f)).put("sealedSha256", f.path("sealedSha256").asText()).put("exportedAs", name);
      e.set("metadata", f.path("metadata").deepCopy());
      n++;
    }
    json(Bag.FACTS, facts);
    json(Bag.CONSENT, m.path("consent").deepCopy());
    proofs(state, p);
    return n;
  }

  private void proofs(State state, Pulled p) throws IOException {
    JsonNode material = LogMaterial.load(p.folder);
    NoteVerifier key = LogMaterial.pinned(state);
    JsonNode leaves = material.path("leaves");
    ObjectNode custody = State.JSON.createObjectNode().put("submission", p.id)
        .put("about", "The custody events the gateway's log held for this submission when it was last pulled: "
            + "each is a leaf of data/proof/log.json, provable against data/proof/checkpoint.txt when inCheckpoint.");
    ArrayNode events = custody.putArray("events");
    for (int i = 1; i < leaves.size(); i++) {
      Leaf.Decoded d = Leaf.decode(Base64.getDecoder().decode(leaves.get(i).path("leaf").asText()));
      events.addObject().put("index", leaves.get(i).path("index").asLong()).put("kind", d.event()).put("day", d.day().toString())
          .put("inCheckpoint", leaves.get(i).has("proof"));
    }
    json(Bag.CUSTODY, custody);
    JsonNode leaf = leaves.get(0);
    put(Bag.LEAF, Base64.getDecoder().decode(leaf.path("leaf").asText()));
    json(Bag.INCLUSION, State.JSON.createObjectNode().put("index", leaf.path("index").asLong()).put("size", material.path("size").asLong())
        .set("proof", leaf.path("proof").deepCopy()));
    SignedNote note = SignedNote.parse(material.path("checkpoint").asText());
    put(Bag.CHECKPOINT, note.encoded().getBytes(StandardCharsets.UTF_8));
    put(Bag.CHECKPOINT_BODY, note.text().getBytes(StandardCharsets.UTF_8));
    SignedNote.Signature sig = note.signatures().stream().filter(s -> s.keyName().equals(key.name()) && s.keyId() == key.keyId())
        .findFirst().orElseThrow(() -> Exit.fail(Exit.TAMPERED, "The checkpoint carries no signature by the pinned log key."));
    put(Bag.CHECKPOINT_SIG, sig.signature());
    put(Bag.LOG_KEY, (key.encoded() + "\n").getBytes(StandardCharsets.UTF_8));
    put(Bag.LOG_KEY_PEM, Bag.ed25519Pem(key.publicKey()).getBytes(StandardCharsets.US_ASCII));
    json(Bag.LOG, material);
  }

  /** The tag files, the manifests, and the token's signature over the tag manifest. */
  private void tags(Pulled p, TokenSigner signer) throws IOException {
    long bytes = 0;
    StringBuilder m256 = new StringBuilder();
    StringBuilder m512 = new StringBuilder();
    for (Map.Entry<String, String[]> e : payload.entrySet()) {
      m256.append(e.getValue()[0]).append("  ").append(e.getKey()).append('\n');
      m512.append(e.getValue()[1]).append("  ").append(e.getKey()).append('\n');
      bytes += Long.parseLong(e.getValue()[2]);
    }
    byte[] spki = signer.publicKey().getEncoded();
    Leaf.Decoded leaf = Leaf.decode(Files.readAllBytes(root.resolve(Bag.LEAF)));
    String info = "Bag-Software-Agent: Amana console 0.1\n"
        + "Bagging-Date: " + LocalDate.now(ZoneOffset.UTC) + "\n"
        + "External-Identifier: amana-submission-" + p.id + "\n"
        + "External-Description: Evidence bundle of one Amana submission: the files as stored, the sealed\n"
        + "  manifest's facts, custody events, consent, and integrity-log proofs. See VERIFY.md.\n"
        + "Payload-Oxum: " + bytes + "." + payload.size() + "\n"
        + "Amana-Received-On: " + leaf.day() + "\n"
        + "Amana-Leaf-Fingerprint: " + LogMaterial.fingerprint(Files.readAllBytes(root.resolve(Bag.LEAF))) + "\n"
        + "Amana-Signer-Key-SHA256: " + Bag.fingerprint(spki) + "\n";
    put(Bag.BAGIT, Bag.BAGIT_TEXT.getBytes(StandardCharsets.UTF_8));
    put(Bag.INFO, info.getBytes(StandardCharsets.UTF_8));
    put(Bag.MANIFEST_256, m256.toString().getBytes(StandardCharsets.US_ASCII));
    put(Bag.MANIFEST_512, m512.toString().getBytes(StandardCharsets.US_ASCII));
    put(Bag.SIGNER_KEY, Bag.pem(spki).getBytes(StandardCharsets.US_ASCII));
    put(Bag.VERIFY, VerifyText.text(p.id, Bag.fingerprint(spki)).getBytes(StandardCharsets.UTF_8));
    StringBuilder tags = new StringBuilder();
    for (String t : Bag.TAGGED) tags.append(Bag.hash(root.resolve(t), "SHA-256")).append("  ").append(t).append('\n');
    byte[] tagmanifest = tags.toString().getBytes(StandardCharsets.US_ASCII);
    put(Bag.TAGMANIFEST, tagmanifest);
    put(Bag.SIGNATURE, signer.sign(tagmanifest));
  }

  private void json(String name, JsonNode value) throws IOException {
    put(name, State.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
  }

  /** A new file (0600), never an existing one; a data/ file is entered in the payload manifests. */
  private void put(String name, byte[] content) throws IOException {
    try (OutputStream o = create(name)) {
      o.write(content);
    }
    if (name.startsWith("data/")) {
      payload.put(name, new String[] {HexFormat.of().formatHex(Bag.digest("SHA-256").digest(content)),
          HexFormat.of().formatHex(Bag.digest("SHA-512").digest(content)), String.valueOf(content.length)});
    }
  }

  private OutputStream create(String name) throws IOException {
    return Channels.newOutputStream(FileChannel.open(root.resolve(name), NEW,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }
}

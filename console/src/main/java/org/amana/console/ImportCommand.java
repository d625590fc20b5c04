package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Takes sealed submissions from a folder the operator wrote with 'ops/gateway offline export",
      "--to DIR' (a USB stick) into the state folder, as 'pull' does over the network: still sealed,",
      "nothing is opened. Every sealed item must have the size and SHA-256 its item.json lists; a",
      "submission with any item missing or different is not taken at all. Importing again is harmless.",
      "Afterwards list, open, verify and export work with no network; answer with 'reply ID --out DIR'.",
      "An item's log proofs are checked with its log key, pinned on first use like 'pull' does.",
    })
final class ImportCommand implements Callable<Integer> {
  static final String ITEM = "item.json";
  static final String FORMAT = "amana-offline-item/1";
  private static final int MAX_ITEM = 1 << 20;

  @Parameters(paramLabel = "DIR", description = "The folder the operator exported to.")
  Path dir;

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    State state = home.open();
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(dir)) {
      throw Exit.fail(Exit.USAGE, dir + " is not a folder. Give the folder the operator wrote with 'ops/gateway offline export'.");
    }
    List<Path> items;
    try (Stream<Path> s = Files.list(dir)) {
      items = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && isId(p.getFileName().toString())).sorted().toList();
    }
    if (items.isEmpty()) {
      out.println("No sealed submissions in " + dir + " (folders named by id, written by 'ops/gateway offline export').");
      return 0;
    }
    State.mkdirPrivate(state.submissions());
    int imported = 0;
    List<String> refused = new ArrayList<>();
    Exit worst = null;
    for (Path item : items) {
      String id = item.getFileName().toString();
      try {
        String done = importOne(state, item, id, out);
        out.println(id + "  " + done);
        if (!done.startsWith("already")) imported++;
      } catch (Exit.Failure f) {
        if (f.exit != Exit.TAMPERED && f.exit != Exit.MALFORMED) throw f;
        spec.commandLine().getErr().println("refused " + id + ": " + f.getMessage());
        refused.add(id);
        worst = worst == Exit.TAMPERED ? worst : f.exit;
      }
    }
    out.println("Imported " + imported + " submission(s); " + (items.size() - imported - refused.size())
        + " already here. Still sealed; open one with 'amana-console open ID'.");
    out.flush();
    if (worst != null) {
      throw Exit.fail(worst, refused.size() + " submission(s) refused, nothing of them kept: " + String.join(", ", refused)
          + ". Do not trust the stick's copy. Ask the operator to delete those folders on it and run "
          + "'ops/gateway offline export --all --to DIR' again.");
    }
    return 0;
  }

  /** Checks one item and takes what is missing here, all or nothing; returns what was done. */
  private static String importOne(State state, Path item, String id, PrintWriter out) throws IOException {
    JsonNode index = readIndex(item, id);
    byte[] facts = State.JSON.writeValueAsBytes(State.facts(index, index.path("blobs")));
    Path folder = state.submission(id);
    Path listing = folder.resolve(State.LISTING);
    if (Files.isRegularFile(listing) && !Arrays.equals(facts, Files.readAllBytes(listing))) {
      throw Exit.fail(Exit.TAMPERED, "its item.json differs from the listing of the copy already here (pulled or "
          + "imported before); the copy here was kept as it is");
    }
    byte[] log = logMaterial(state, index, id, out);
    List<JsonNode> missing = new ArrayList<>();
    for (JsonNode b : index.path("blobs")) {
      Path here = folder.resolve(State.blobName(b));
      if (!(Files.isRegularFile(here, LinkOption.NOFOLLOW_LINKS) && Files.size(here) == b.path("sealedSize").asLong()
          && PullCommand.sha256(here).equals(b.path("sealedSha256").asText()))) {
        missing.add(b);
      }
    }
    if (missing.isEmpty() && Files.isRegularFile(listing)) {
      if (log != null && LogMaterial.load(folder) == null) State.writePrivate(folder.resolve(LogMaterial.FILE), log);
      return "already here, intact";
    }
    // Everything missing is copied and checked into a hidden folder first; only then is any of it moved in.
    Path staging = state.submissions().resolve("." + id + ".import");
    deleteTree(staging);
    State.mkdirPrivate(staging);
    try {
      long bytes = 0;
      for (JsonNode b : missing) {
        String name = State.blobName(b);
        copyChecked(item.resolve(name), staging.resolve(name), b, name);
        bytes += b.path("sealedSize").asLong();
      }
      String done = (Files.isDirectory(folder) ? "completed with " : "imported ") + missing.size() + " sealed item(s), "
          + Progress.size(bytes);
      if (log != null) State.writePrivate(staging.resolve(LogMaterial.FILE), log);
      if (!Files.isDirectory(folder)) {
        State.writePrivate(staging.resolve(State.LISTING), facts);
        Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        return done;
      }
      for (JsonNode b : missing) {
        String name = State.blobName(b);
        Files.move(staging.resolve(name), folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(folder.resolve("." + name + ".part")); // an interrupted pull's part is no longer needed
      }
      if (log != null) Files.move(staging.resolve(LogMaterial.FILE), folder.resolve(LogMaterial.FILE), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      if (!Files.isRegularFile(listing)) State.writePrivate(listing, facts);
      return done;
    } finally {
      deleteTree(staging);
    }
  }

  /**
   * The item's log material, checked against its log key (pinned on first use, as 'pull' does), as
   * the bytes to keep; null when the item carries none (exported without the log key).
   */
  private static byte[] logMaterial(State state, JsonNode index, String id, PrintWriter out) throws IOException {
    if (!index.has("log") || !index.has("logKey")) return null;
    var key = LogMaterial.pin(state, index.path("logKey").asText(), out);
    JsonNode m;
    try {
      m = LogMaterial.facts(index.path("log"));
    } catch (Exit.Failure f) {
      throw Exit.fail(Exit.MALFORMED, "its log proofs are not in the format " + LogMaterial.FORMAT);
    }
    LogMaterial.Result r = LogMaterial.check(m, id, key, new PrintWriter(java.io.Writer.nullWriter()));
    if (!r.ok()) throw Exit.fail(Exit.TAMPERED, "its log proofs do not verify (" + String.join("; ", r.problems()) + ")");
    return State.JSON.writeValueAsBytes(m);
  }

  /** The item's index, with every field the console relies on checked. */
  private static JsonNode readIndex(Path item, String id) throws IOException {
    if (!Files.isRegularFile(item.resolve(ITEM), LinkOption.NOFOLLOW_LINKS)) throw Exit.fail(Exit.MALFORMED, "it has no item.json");
    byte[] bytes;
    try (InputStream in = Files.newInputStream(item.resolve(ITEM), LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_ITEM + 1);
    }
    JsonNode index;
    try {
      index = bytes.length > MAX_ITEM ? null : State.JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      index = null;
    }
    if (index == null || !FORMAT.equals(index.path("format").asText()) || !id.equals(index.path("id").asText())) {
      throw Exit.fail(Exit.MALFORMED, "its item.json is not an index of this submission in the format " + FORMAT);
    }
    JsonNode blobs = index.path("blobs");
    Set<String> names = new HashSet<>();
    int manifests = 0;
    for (JsonNode b : blobs) {
      String name;
      try {
        name = State.blobName(b);
      } catch (Exit.Failure f) {
        name = null;
      }
      if (name == null || !names.add(name) || !isId(b.path("id").asText()) || !b.path("sealedSize").canConvertToLong()
          || b.path("sealedSize").asLong() < 0 || !b.path("sealedSha256").asText().matches("[0-9a-f]{64}")) {
        throw Exit.fail(Exit.MALFORMED, "its item.json lists a sealed item without a valid kind, ordinal, id, size or SHA-256");
      }
      if (b.path("kind").asText().equals("manifest")) manifests++;
    }
    if (!blobs.isArray() || manifests != 1) throw Exit.fail(Exit.MALFORMED, "its item.json does not list exactly one sealed manifest");
    return index;
  }

  /** Copies one sealed item while counting and hashing the bytes written: what is checked is what was copied. */
  private static void copyChecked(Path from, Path to, JsonNode b, String name) throws IOException {
    long size = b.path("sealedSize").asLong();
    MessageDigest digest = PullCommand.sha256();
    long n = 0;
    // Never followed: a link on the stick must not make the console read (and keep) another file.
    if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) throw Exit.fail(Exit.TAMPERED, name + " is missing or not a plain file");
    try (InputStream in = Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS);
        OutputStream o = Channels.newOutputStream(FileChannel.open(to, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0 && n <= size; ) {
        n += r;
        digest.update(buf, 0, r);
        o.write(buf, 0, r);
      }
    }
    if (n != size) throw Exit.fail(Exit.TAMPERED, name + " is " + (n > size ? "longer" : "shorter") + " than the " + size + " bytes its index lists");
    if (!HexFormat.of().formatHex(digest.digest()).equals(b.path("sealedSha256").asText())) {
      throw Exit.fail(Exit.TAMPERED, name + " does not match the SHA-256 its index lists (altered or damaged)");
    }
  }

  private static boolean isId(String name) {
    return name.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}

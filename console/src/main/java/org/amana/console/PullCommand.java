package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.amana.crypto.tlog.NoteVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads new submissions into the state folder, still sealed: nothing is opened.",
      "Each sealed item is checked against the SHA-256 the gateway lists; items already here and",
      "intact are skipped. An interrupted pull continues when run again, from the bytes already",
      "downloaded (an HTTP range request); the whole item's SHA-256 is checked at the end.",
      "Also keeps each submission's integrity-log leaves, inclusion proofs and signed checkpoint",
      "(checked first; 'verify' checks them again). The log's key is pinned at the first pull and",
      "printed: compare it with the key the operator published. A different key later is refused.",
      "Without a network, take submissions from a stick instead: see 'amana-console import'.",
    })
final class PullCommand implements Callable<Integer> {
  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    State state = home.open();
    State.Session session = state.session();
    Api api = new Api(session.api(), session.token());
    PrintWriter out = spec.commandLine().getOut();
    JsonNode list = api.getJson("/api/v1/submissions");
    if (!list.isArray()) throw Exit.fail(Exit.SERVER, "The gateway's list of submissions is not a list.");
    State.mkdirPrivate(state.submissions());
    // The log key first: a gateway showing another key than the pinned one gets nothing pulled.
    NoteVerifier logKey = LogMaterial.pin(state, api.getText("/log/key"), out);
    int fetchedAny = 0;
    List<String> badProofs = new ArrayList<>(); // reported at the end: they must not keep other submissions from arriving
    for (JsonNode s : list) {
      String id = s.path("id").asText();
      State.checkId(id);
      JsonNode blobs = api.getJson("/api/v1/submissions/" + id + "/blobs");
      if (!blobs.isArray()) throw Exit.fail(Exit.SERVER, "The gateway's list of sealed items is not a list.");
      Path folder = state.submission(id);
      State.mkdirPrivate(folder);
      byte[] facts = State.JSON.writeValueAsBytes(State.facts(s, blobs));
      Path listing = folder.resolve(State.LISTING);
      if (!Files.isRegularFile(listing) || !java.util.Arrays.equals(facts, Files.readAllBytes(listing))) {
        State.writePrivate(listing, facts);
      }
      long fetched = 0;
      int count = 0;
      StringBuilder resumed = new StringBuilder();
      for (JsonNode b : blobs) {
        String name = State.blobName(b);
        String blobId = State.checkId(b.path("id").asText());
        Path target = folder.resolve(name);
        String sha = b.path("sealedSha256").asText();
        if (Files.isRegularFile(target) && sha256(target).equals(sha)) continue;
        Files.deleteIfExists(target); // damaged or cut short: fetched again
        long from = download(api, blobId, target, b.path("sealedSize").asLong(), sha, id.substring(0, 8) + "/" + name);
        if (from > 0) resumed.append(resumed.isEmpty() ? " (" : ", ").append(name).append(" resumed at ").append(Progress.size(from));
        fetched += b.path("sealedSize").asLong();
        count++;
      }
      // Kept once, then refreshed only with new sealed items: a pull that fetches nothing changes nothing.
      if (count > 0 || LogMaterial.load(folder) == null) {
        String problem = keepLogMaterial(api, folder, id, logKey);
        if (problem != null) badProofs.add(id + " (" + problem + ")");
      }
      if (count > 0) {
        fetchedAny++;
        out.println(id + "  pulled " + count + " sealed item(s), " + Progress.size(fetched) + (resumed.isEmpty() ? "" : resumed + ")"));
      }
    }
    out.println(fetchedAny == 0 ? "Nothing new (" + list.size() + " submission(s) on the gateway, all here)."
        : "Pulled " + fetchedAny + " submission(s). Still sealed; open one with 'amana-console open ID'.");
    if (!badProofs.isEmpty()) {
      throw Exit.fail(Exit.TAMPERED, "The gateway's log proofs do not verify for " + String.join(", ", badProofs) + ". Their "
          + "sealed items were pulled, but 'verify' will fail for them. Report it to the operator.");
    }
    return 0;
  }

  /** Keeps the submission's leaves and proofs against a fresh checkpoint once they verify; else returns what failed. */
  private static String keepLogMaterial(Api api, Path folder, String id, NoteVerifier key) throws IOException {
    ObjectNode m = LogMaterial.facts(api.getJson("/api/v1/submissions/" + id + "/log"));
    LogMaterial.Result r = LogMaterial.check(m, id, key, new PrintWriter(java.io.Writer.nullWriter()));
    if (!r.ok()) return String.join("; ", r.problems());
    State.writePrivate(folder.resolve(LogMaterial.FILE), State.JSON.writeValueAsBytes(m));
    return null;
  }

  /**
   * Streams one sealed item to a hidden .part file, checks size and hash of the whole, then renames
   * it into place. A .part file left by an interrupted pull is continued with a range request; its
   * bytes are hashed with the rest, so a damaged one is caught at the end (and removed). Returns
   * the offset it continued from (0 when it started afresh).
   */
  private long download(Api api, String blobId, Path target, long size, String sha, String label) throws IOException {
    Path part = target.resolveSibling("." + target.getFileName() + ".part");
    MessageDigest digest = sha256();
    long have = alreadyHere(part, size, digest);
    boolean discard = false; // a part cut off by the network is kept for the next pull; a wrong one is not
    try {
      if (have < size) {
        Api.Download d = api.download("/api/v1/blobs/" + blobId, have, size);
        if (d == null) { // the gateway refused to continue from there: start afresh
          have = 0;
          d = api.download("/api/v1/blobs/" + blobId, 0, size);
        }
        if (!d.partial() && have > 0) { // the gateway sent the whole item after all
          have = 0;
        }
        if (have == 0) digest.reset();
        Progress progress = new Progress(spec.commandLine().getErr(), label, size, have);
        long n = have;
        try (InputStream in = d.body();
            OutputStream o = Channels.newOutputStream(FileChannel.open(part, have > 0 ? APPEND : TRUNCATE, PRIVATE))) {
          byte[] buf = new byte[1 << 16];
          while (true) {
            int r;
            try {
              r = in.read(buf);
            } catch (IOException e) {
              r = -1; // the connection was cut: what arrived stays in the part for the next pull
            }
            if (r < 0) break;
            if (n + r > size) {
              discard = true;
              throw Exit.fail(Exit.TAMPERED, "The gateway sent more bytes than it listed for " + label + ".");
            }
            n += r;
            digest.update(buf, 0, r);
            o.write(buf, 0, r);
            progress.add(r);
          }
        }
        progress.finish();
        if (n < size) {
          throw Exit.fail(Exit.SERVER, "The download of " + label + " was cut off after " + Progress.size(n) + " of "
              + Progress.size(size) + ". Run 'amana-console pull' again: it continues from there.");
        }
      }
      if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
        discard = true;
        throw Exit.fail(Exit.TAMPERED, "The sealed item " + label + " does not match the SHA-256 the gateway listed. "
            + "Run 'pull' again; if it stays wrong, report it to the operator.");
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      return have;
    } finally {
      if (discard) Files.deleteIfExists(part);
    }
  }

  private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  private static final Set<OpenOption> TRUNCATE =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  private static final FileAttribute<?> PRIVATE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** The bytes of a part left by an interrupted pull, fed to {@code digest}; 0 (and the part gone) if there is none to continue. */
  private static long alreadyHere(Path part, long size, MessageDigest digest) throws IOException {
    if (!Files.isRegularFile(part, LinkOption.NOFOLLOW_LINKS) || Files.size(part) > size) {
      Files.deleteIfExists(part);
      return 0;
    }
    long n = 0;
    try (InputStream in = Files.newInputStream(part, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; n += r) digest.update(buf, 0, r);
    }
    return n;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest d = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) d.update(buf, 0, r);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

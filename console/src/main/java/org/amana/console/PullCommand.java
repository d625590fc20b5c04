package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Callable;
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
      "intact are skipped, so an interrupted pull simply continues when run again.",
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
    int fetchedAny = 0;
    for (JsonNode s : list) {
      String id = s.path("id").asText();
      State.checkId(id);
      JsonNode blobs = api.getJson("/api/v1/submissions/" + id + "/blobs");
      if (!blobs.isArray()) throw Exit.fail(Exit.SERVER, "The gateway's list of sealed items is not a list.");
      Path folder = state.submission(id);
      State.mkdirPrivate(folder);
      byte[] facts = State.JSON.writeValueAsBytes(facts(s, blobs));
      Path listing = folder.resolve(State.LISTING);
      if (!Files.isRegularFile(listing) || !java.util.Arrays.equals(facts, Files.readAllBytes(listing))) {
        State.writePrivate(listing, facts);
      }
      long fetched = 0;
      int count = 0;
      for (JsonNode b : blobs) {
        String name = State.blobName(b);
        String blobId = State.checkId(b.path("id").asText());
        Path target = folder.resolve(name);
        String sha = b.path("sealedSha256").asText();
        if (Files.isRegularFile(target) && sha256(target).equals(sha)) continue;
        Files.deleteIfExists(target); // damaged or cut short: fetched again
        download(api, blobId, target, b.path("sealedSize").asLong(), sha, id.substring(0, 8) + "/" + name);
        fetched += b.path("sealedSize").asLong();
        count++;
      }
      if (count > 0) {
        fetchedAny++;
        out.println(id + "  pulled " + count + " sealed item(s), " + Progress.size(fetched));
      }
    }
    out.println(fetchedAny == 0 ? "Nothing new (" + list.size() + " submission(s) on the gateway, all here)."
        : "Pulled " + fetchedAny + " submission(s). Still sealed; open one with 'amana-console open ID'.");
    return 0;
  }

  /** Only the facts the console uses, with their types checked: nothing else the server sent is kept. */
  private static ObjectNode facts(JsonNode s, JsonNode blobs) {
    ObjectNode f = State.JSON.createObjectNode()
        .put("id", s.path("id").asText())
        .put("receivedOn", s.path("receivedOn").asText())
        .put("files", s.path("files").asInt())
        .put("sealedSize", s.path("sealedSize").asLong())
        .put("replyRecipient", s.path("replyRecipient").asText(null));
    ArrayNode list = f.putArray("blobs");
    for (JsonNode b : blobs) {
      String sha = b.path("sealedSha256").asText();
      if (!sha.matches("[0-9a-f]{64}")) throw Exit.fail(Exit.SERVER, "The gateway listed a sealed item without a valid SHA-256.");
      list.addObject().put("id", b.path("id").asText()).put("kind", b.path("kind").asText())
          .put("ordinal", b.path("ordinal").asInt()).put("sealedSize", b.path("sealedSize").asLong()).put("sealedSha256", sha);
    }
    return f;
  }

  /** Streams one sealed item to a hidden .part file, checks size and hash, then renames it into place. */
  private void download(Api api, String blobId, Path target, long size, String sha, String label) throws IOException {
    Path part = target.resolveSibling("." + target.getFileName() + ".part");
    MessageDigest digest = sha256();
    Progress progress = new Progress(spec.commandLine().getErr(), label, size);
    long n = 0;
    try {
      try (InputStream in = api.stream("/api/v1/blobs/" + blobId);
          OutputStream o = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        Files.setPosixFilePermissions(part, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        byte[] buf = new byte[1 << 16];
        for (int r; (r = in.read(buf)) > 0; ) {
          n += r;
          if (n > size) throw Exit.fail(Exit.TAMPERED, "The gateway sent more bytes than it listed for " + label + ".");
          digest.update(buf, 0, r);
          o.write(buf, 0, r);
          progress.add(r);
        }
      }
      progress.finish();
      if (n != size || !HexFormat.of().formatHex(digest.digest()).equals(sha)) {
        throw Exit.fail(Exit.TAMPERED, "The sealed item " + label + " does not match the SHA-256 the gateway listed. "
            + "Run 'pull' again; if it stays wrong, report it to the operator.");
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest d = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) d.update(buf, 0, r);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

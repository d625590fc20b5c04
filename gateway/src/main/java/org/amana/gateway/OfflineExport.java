package org.amana.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amana.gateway.integrity.Log;
import org.amana.gateway.integrity.SubmissionLog;
import org.amana.storage.BlobInfo;
import org.amana.storage.Store;
import org.amana.storage.StoreException;
import org.amana.storage.StoredCheckpoint;
import org.amana.storage.SubmissionSummary;

/**
 * Writes committed submissions to a folder (a USB stick) for a reviewer whose workstation never
 * touches a network, exactly as stored: sealed, never opened here. The folder holds, per
 * submission, a folder named by its id with the sealed blobs ({@code <ordinal>-<kind>.age}, the
 * names the console uses) and {@code item.json} (id, day, reply recipient, and each blob's kind,
 * ordinal, sealed size and sealed SHA-256: what {@code console import} checks every blob against;
 * with the log, also {@code log}, the submission's leaves and proofs against a freshly signed
 * checkpoint (see SubmissionLog), and {@code logKey}, the log's verifier key).
 *
 * <p>Which submissions were written is kept in the folder itself ({@value #EXPORTED}, one id per
 * line), not in the database: the same stick can be reused after the reviewer cleared it, and the
 * gateway keeps no record of what travelled where. A submission is written into a hidden folder
 * first and renamed into place once every blob is on disk and matched its recorded hash; an item
 * already in the folder is never overwritten.
 */
final class OfflineExport {
  static final String EXPORTED = "amana-exported.txt";
  static final String ITEM = "item.json";
  static final String FORMAT = "amana-offline-item/1";
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final String PRIVATE_FILE = "rw-------";

  private final Vertx vertx;
  private final Store store;
  private final Path dir;
  private final PrintWriter out;
  private Log log;
  private Optional<StoredCheckpoint> checkpoint = Optional.empty();

  OfflineExport(Vertx vertx, Store store, Path dir, PrintWriter out) {
    this.vertx = vertx;
    this.store = store;
    this.dir = dir;
    this.out = out;
  }

  /** With the log: each item carries its log proofs (null: none). */
  OfflineExport withLog(Log log) {
    this.log = log;
    return this;
  }

  /** Writes every committed submission not written here before ({@code all}: every one not here now). */
  void run(boolean all) throws IOException {
    prepare();
    if (log != null) checkpoint = log.signIfGrown().await(); // one checkpoint covering every item written now
    Set<String> written = readExported();
    int wrote = 0;
    int skipped = 0;
    List<String> failed = new ArrayList<>();
    for (SubmissionSummary s : store.listCommitted().await()) {
      String id = s.id().toString();
      if (Files.exists(dir.resolve(id), LinkOption.NOFOLLOW_LINKS) || (!all && written.contains(id))) {
        if (written.add(id)) writeExported(written); // here but not listed: the list was lost or edited
        skipped++;
        continue;
      }
      try {
        long bytes = write(s);
        written.add(id);
        writeExported(written);
        out.println(id + "  written: " + (s.fileCount() + 1) + " sealed item(s), " + bytes + " bytes");
        wrote++;
      } catch (CorruptBlob e) {
        out.println(id + "  NOT written: " + e.getMessage());
        failed.add(id);
      }
    }
    out.println("Wrote " + wrote + " submission(s) to " + dir + ", sealed as stored (nothing was opened). " + skipped
        + " written before" + (all ? " and still there." : "; '--all' writes those no longer in the folder."));
    if (!failed.isEmpty()) {
      throw new IllegalArgumentException(failed.size() + " submission(s) were not written because their stored sealed bytes "
          + "do not match the recorded SHA-256: " + String.join(", ", failed) + ". The database copy is damaged: restore "
          + "it from a backup, and tell the reviewers.");
    }
  }

  /** The folder exists (made 0700 if not) and holds no hidden leftovers of an interrupted export. */
  private void prepare() throws IOException {
    if (!Files.isDirectory(dir)) {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) throw new IllegalArgumentException(dir + " is not a folder.");
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\.[0-9a-f-]{36}\\.part")).toList()) deleteTree(p);
    }
  }

  /** Writes one submission into a hidden folder, then renames it into place; returns the sealed bytes written. */
  private long write(SubmissionSummary s) throws IOException {
    String id = s.id().toString();
    Path part = dir.resolve("." + id + ".part");
    Files.createDirectory(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      List<BlobInfo> blobs = store.blobs(s.id()).await();
      JsonArray index = new JsonArray();
      long total = 0;
      for (BlobInfo b : blobs) {
        String kind = b.kind().name().toLowerCase(Locale.ROOT);
        String name = b.ordinal() + "-" + kind + ".age";
        byte[] sha;
        try {
          sha = copy(b, part.resolve(name)).await();
        } catch (StoreException e) {
          if (e.reason() != StoreException.Reason.CORRUPT) throw e;
          throw new CorruptBlob(kind + " " + b.ordinal() + ": " + e.getMessage());
        }
        if (!Arrays.equals(sha, b.sealedSha256()) || Files.size(part.resolve(name)) != b.sealedSize()) {
          throw new CorruptBlob(kind + " " + b.ordinal() + " does not match its recorded sealed SHA-256 and size");
        }
        total += b.sealedSize();
        index.add(new JsonObject().put("id", b.id().toString()).put("kind", kind).put("ordinal", b.ordinal())
            .put("sealedSize", b.sealedSize()).put("sealedSha256", HexFormat.of().formatHex(b.sealedSha256())));
      }
      JsonObject item = new JsonObject().put("format", FORMAT).put("id", id).put("receivedOn", s.receivedOn().toString())
          .put("files", s.fileCount()).put("sealedSize", s.sealedSize()).put("replyRecipient", s.replyRecipient())
          .put("blobs", index);
      if (log != null) {
        SubmissionLog.material(vertx, store, s.id(), checkpoint).await()
            .ifPresent(m -> item.put("log", m).put("logKey", log.verifier().encoded()));
      }
      writeSynced(part.resolve(ITEM), item.encodePrettily().getBytes(StandardCharsets.UTF_8));
      Files.move(part, dir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
      syncFolder(dir);
      return total;
    } finally {
      if (Files.exists(part, LinkOption.NOFOLLOW_LINKS)) deleteTree(part);
    }
  }

  /** Streams a sealed blob into a new file (0600), flushed to the device, and returns the SHA-256 of what was written. */
  private Future<byte[]> copy(BlobInfo blob, Path target) {
    Promise<byte[]> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> store.readBlob(blob.id())
        .compose(in -> vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreateNew(true).setPerms(PRIVATE_FILE))
            .compose(file -> pump(in, file).compose(sha -> file.flush().map(sha)).eventually(file::close)))
        .onComplete(done));
    return done.future();
  }

  /** Like pipeTo, with back-pressure both ways, hashing what passes. */
  private static Future<byte[]> pump(ReadStream<Buffer> in, AsyncFile file) {
    MessageDigest digest = sha256();
    Promise<byte[]> done = Promise.promise();
    in.exceptionHandler(done::tryFail);
    file.exceptionHandler(done::tryFail);
    in.endHandler(v -> done.tryComplete(digest.digest()));
    in.handler(b -> {
      digest.update(b.getBytes());
      file.write(b).onFailure(done::tryFail);
      if (file.writeQueueFull()) {
        in.pause();
        file.drainHandler(x -> in.resume());
      }
    });
    return done.future();
  }

  private Set<String> readExported() throws IOException {
    Set<String> ids = new LinkedHashSet<>();
    Path f = dir.resolve(EXPORTED);
    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
        if (ID.matcher(line.strip()).matches()) ids.add(line.strip());
      }
    }
    return ids;
  }

  /** Replaces the list through a temporary file and a rename, so a crash leaves the old list or the new one. */
  private void writeExported(Set<String> ids) throws IOException {
    StringBuilder sb = new StringBuilder("# Submissions 'ops/gateway offline export' wrote to this folder; it skips them next time.\n"
        + "# Delete a line (or use --all) to write that submission again.\n");
    ids.forEach(id -> sb.append(id).append('\n'));
    Path temp = dir.resolve("." + EXPORTED + ".part");
    Files.deleteIfExists(temp);
    writeSynced(temp, sb.toString().getBytes(StandardCharsets.US_ASCII));
    Files.move(temp, dir.resolve(EXPORTED), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncFolder(dir);
  }

  private static void writeSynced(Path target, byte[] content) throws IOException {
    try (FileChannel c = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_FILE)))) {
      c.write(java.nio.ByteBuffer.wrap(content));
      c.force(true);
    }
  }

  /** Makes the renames durable where the file system allows it (a stick may be pulled out right after). */
  private static void syncFolder(Path folder) {
    try (FileChannel c = FileChannel.open(folder, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a folder; the files themselves were synced.
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored blob that does not match its recorded hash: reported, never written to the stick. */
  private static final class CorruptBlob extends IOException {
    CorruptBlob(String message) {
      super(message);
    }
  }
}

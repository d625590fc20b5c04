package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The console's state folder (mode 0700): the session file (0600) and one folder per pulled
 * submission holding its blobs still sealed ({@code <ordinal>-<kind>.age}), the listing facts the
 * gateway gave ({@code listing.json}) and, once opened, an {@code opened} marker. Nothing in it is
 * ever plaintext from inside a seal.
 */
final class State {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String LISTING = "listing.json";
  static final String OPENED = "opened";
  private static final String SESSION = "session.json";
  /** Ids come from the server: only canonical UUIDs may become folder names. */
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

  final Path home;

  private State(Path home) {
    this.home = home;
  }

  /** The {@code --home} option shared by the commands that use the state folder. */
  static final class HomeOption {
    @Option(names = "--home", paramLabel = "DIR",
        description = "The console's state folder (default: $AMANA_CONSOLE_HOME, else ~/.local/share/amana-console).")
    Path home;

    State open() throws IOException {
      Path dir = home;
      if (dir == null) {
        String env = System.getenv("AMANA_CONSOLE_HOME");
        dir = env != null && !env.isBlank() ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".local", "share", "amana-console");
      }
      dir = dir.toAbsolutePath();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw Exit.fail(Exit.UNSAFE_OUTPUT, "The state folder " + dir + " can be read by other users. Run 'chmod 700 "
            + dir + "' first.");
      }
      return new State(dir);
    }
  }

  static String checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw Exit.fail(Exit.USAGE, "Not a submission id: \"" + Safe.text(String.valueOf(id)) + "\". See 'amana-console list'.");
    }
    return id;
  }

  /** A session as stored: the API's address, the bearer token and when it stops working. */
  record Session(String api, String token, Instant expires) {}

  void saveSession(Session s) throws IOException {
    ObjectNode n = JSON.createObjectNode().put("api", s.api()).put("session", s.token()).put("expires", s.expires().toString());
    writePrivate(home.resolve(SESSION), JSON.writeValueAsBytes(n));
  }

  /** Whether a session was stored, expired or not: the reviewer works online, not offline on purpose. */
  boolean hasSessionFile() {
    return Files.isRegularFile(home.resolve(SESSION), LinkOption.NOFOLLOW_LINKS);
  }

  /** The stored session; fails with advice when there is none or it expired. */
  Session session() throws IOException {
    Path f = home.resolve(SESSION);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      throw Exit.fail(Exit.LOGIN, "Not logged in. Run 'amana-console login --api URL' with your token first.");
    }
    JsonNode n = JSON.readTree(f.toFile());
    Session s = new Session(n.path("api").asText(), n.path("session").asText(), Instant.parse(n.path("expires").asText()));
    if (!Instant.now().isBefore(s.expires())) {
      throw Exit.fail(Exit.LOGIN, "The session expired. Run 'amana-console login --api " + s.api() + "' again.");
    }
    return s;
  }

  Path submissions() {
    return home.resolve("submissions");
  }

  Path submission(String id) {
    return submissions().resolve(checkId(id));
  }

  /** The listing facts of a pulled submission; fails with advice when it was never pulled. */
  JsonNode listing(String id) throws IOException {
    Path f = submission(id).resolve(LISTING);
    if (!Files.isRegularFile(f)) {
      throw Exit.fail(Exit.USAGE, "Submission " + id + " has not been pulled. Run 'amana-console pull' (or, offline, 'amana-console import DIR') first.");
    }
    return JSON.readTree(f.toFile());
  }

  /**
   * The listing facts the console keeps (from the reviewer API, or from an item on an offline
   * stick), with their types checked: nothing else the source sent is kept.
   */
  static ObjectNode facts(JsonNode s, JsonNode blobs) {
    ObjectNode f = JSON.createObjectNode()
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

  static String blobName(JsonNode blob) {
    String kind = blob.path("kind").asText();
    if (!kind.equals("manifest") && !kind.equals("file")) throw Exit.fail(Exit.SERVER, "The gateway listed a blob of unknown kind.");
    if (!blob.path("ordinal").canConvertToInt() || blob.path("ordinal").asInt() < 0) {
      throw Exit.fail(Exit.SERVER, "The gateway listed a blob without a valid ordinal.");
    }
    return blob.path("ordinal").asInt() + "-" + kind + ".age";
  }

  /** Whether every blob listed for this submission is here with the listed size (the hash was checked on pull). */
  static boolean complete(Path folder, JsonNode listing) {
    for (JsonNode b : listing.path("blobs")) {
      Path f = folder.resolve(blobName(b));
      try {
        if (!Files.isRegularFile(f) || Files.size(f) != b.path("sealedSize").asLong()) return false;
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  static void mkdirPrivate(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
  }

  /** Makes a new folder (mode 0700); fails if anything is already there. */
  static void mkdirNew(Path dir) throws IOException {
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
  }

  /** Writes a small file (mode 0600) through a temporary file and a rename, replacing any old one. */
  static void writePrivate(Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".amana-", ".part",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

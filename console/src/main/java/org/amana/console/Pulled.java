package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.amana.crypto.Age;
import org.amana.crypto.Identity;

/**
 * A pulled submission as the commands that check or export it see it: the gateway's listing, the
 * sealed blobs in the state folder, and the manifest opened in memory only after its sealed hash
 * matched the listing and the whole of it verified.
 */
final class Pulled {
  private static final int MAX_MANIFEST = 64 << 20;

  final String id;
  final Path folder;
  final JsonNode listing;

  private Pulled(String id, Path folder, JsonNode listing) {
    this.id = id;
    this.folder = folder;
    this.listing = listing;
  }

  static Pulled load(State state, String id) throws IOException {
    JsonNode listing = state.listing(State.checkId(id));
    return new Pulled(id, state.submission(id), listing);
  }

  /** The listing's blob of this kind and ordinal (the manifest ignores the ordinal), or null. */
  JsonNode blob(String kind, int ordinal) {
    for (JsonNode b : listing.path("blobs")) {
      if (b.path("kind").asText().equals(kind) && (kind.equals("manifest") || b.path("ordinal").asInt(-1) == ordinal)) return b;
    }
    return null;
  }

  Path path(JsonNode blob) {
    return folder.resolve(State.blobName(blob));
  }

  /** Null when the pulled sealed blob is here and its SHA-256 is the one listed; else what is wrong. */
  String sealedProblem(JsonNode blob) throws IOException {
    Path p = path(blob);
    if (!Files.isRegularFile(p)) return "not pulled (run 'amana-console pull', or 'import DIR' offline)";
    if (!PullCommand.sha256(p).equals(blob.path("sealedSha256").asText())) return "ALTERED after it was pulled (sealed SHA-256 differs from the listing)";
    return null;
  }

  /**
   * The listing's manifest blob, once its pulled sealed copy is here and unaltered: callers check
   * this before asking for a PIN, so an altered copy is reported without touching the token.
   */
  JsonNode checkedManifestBlob() throws IOException {
    JsonNode b = blob("manifest", 0);
    if (b == null) throw Exit.fail(Exit.MALFORMED, "Submission " + id + " has no sealed manifest in its listing.");
    String problem = sealedProblem(b);
    if (problem != null) {
      if (problem.startsWith("not")) {
        throw Exit.fail(Exit.USAGE, "The manifest of " + id + " is not pulled yet. Run 'amana-console pull' (or 'import DIR' offline).");
      }
      throw Exit.fail(Exit.TAMPERED, "The sealed manifest of " + id + " was altered after it was pulled. Do not trust "
          + "this copy; delete " + path(b) + " and run 'amana-console pull' (or 'import DIR') again.");
    }
    return b;
  }

  /** Opens the manifest with these identities, in memory; fails with TAMPERED if its sealed copy was altered. */
  JsonNode manifest(List<Identity> identities) throws IOException {
    JsonNode b = checkedManifestBlob();
    byte[] plain;
    try (InputStream in = Files.newInputStream(path(b)); InputStream open = Age.openAny(in, identities)) {
      plain = open.readNBytes(MAX_MANIFEST + 1);
    }
    try {
      if (plain.length > MAX_MANIFEST) throw Exit.fail(Exit.MALFORMED, "The manifest is too large to be a manifest.");
      JsonNode m = State.JSON.readTree(plain);
      String format = m.path("format").asText();
      if (!format.equals("amana-manifest/1") && !format.equals("amana-manifest/2") && !format.equals("amana-manifest/3")) {
        throw Exit.fail(Exit.MALFORMED, "The opened manifest is not in a format this console knows (amana-manifest/1 to /3); update the console.");
      }
      return m;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw Exit.fail(Exit.MALFORMED, "The opened manifest is not valid JSON.");
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** A manifest file entry's ordinal; fails if it is not a non-negative number. */
  static int ordinal(JsonNode f) {
    if (!f.path("ordinal").canConvertToInt() || f.path("ordinal").asInt() < 0) {
      throw Exit.fail(Exit.MALFORMED, "The manifest lists a file without a valid ordinal.");
    }
    return f.path("ordinal").asInt();
  }

  /**
   * The SHA-256 (hex) a sealed file must open to: the bytes as stored, after metadata removal
   * (manifest 2), else as received (manifest 1, where nothing was removed).
   */
  static String storedSha256(JsonNode f) {
    return f.has("sha256Stored") ? f.path("sha256Stored").asText() : f.path("sha256Received").asText();
  }

  /** The size a sealed file must open to; see {@link #storedSha256}. */
  static long storedSize(JsonNode f) {
    return f.has("storedSize") ? f.path("storedSize").asLong() : f.path("size").asLong();
  }

  /** What one sealed file opened to: the SHA-256 and size of its plaintext. */
  record Opened(String sha256, long size) {}

  /**
   * Opens a sealed file into {@code sink} while hashing it; every chunk's tag is checked up to the
   * end (the age stream fails on any altered or missing chunk).
   */
  static Opened open(Path sealed, List<Identity> identities, OutputStream sink) throws IOException {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(sealed); InputStream open = Age.openAny(in, identities, ConsoleMain.THREADS)) {
      for (int r; (r = open.read(buf)) >= 0; ) {
        if (r == 0) continue;
        d.update(buf, 0, r);
        sink.write(buf, 0, r);
        size += r;
      }
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
    return new Opened(HexFormat.of().formatHex(d.digest()), size);
  }
}

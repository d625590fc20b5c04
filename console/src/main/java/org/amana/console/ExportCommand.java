package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.amana.crypto.Identity;
import org.amana.crypto.pkcs11.Pkcs11Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Opens a pulled submission's files with the token and writes them into DIR under generated",
      "names (file-<n>.<ext>, the extension from the detected type), mode 0600, plus MANIFEST.sha256",
      "(check it with 'sha256sum -c'). The defender's file names are only shown, never used as paths.",
      "DIR must exist and be readable only by you (chmod 700 DIR). Nothing is overwritten, and a",
      "file appears only once all of it opened and its SHA-256 matched the manifest.",
      "Open exported files only in a disposable VM or after converting them (e.g. with Dangerzone).",
      "With --bundle: an evidence bundle instead, DIR/amana-evidence-ID, a BagIt bag with the files,",
      "the manifest's facts, custody events, consent and log proofs, signed with the token's signing",
      "key, and a VERIFY.md for the receiving body (check it with 'verify-bundle').",
      "The defender's current consent is checked first (--for PURPOSE); the export or the refusal",
      "is recorded in the action log and reported to the gateway's integrity log.",
    })
final class ExportCommand implements Callable<Integer> {
  static final String HASHES = "MANIFEST.sha256";
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("application/pdf", "pdf"), Map.entry("image/jpeg", "jpg"), Map.entry("image/png", "png"),
      Map.entry("image/gif", "gif"), Map.entry("image/webp", "webp"), Map.entry("text/plain", "txt"),
      Map.entry("text/csv", "csv"), Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"),
      Map.entry("video/mp4", "mp4"), Map.entry("application/zip", "zip"),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
      Map.entry("application/vnd.oasis.opendocument.text", "odt"));
  private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  @Parameters(paramLabel = "ID", description = "The submission's id (see 'amana-console list').")
  String id;

  @Option(names = "--to", paramLabel = "DIR", required = true, description = "An existing folder only you can read (chmod 700).")
  Path to;

  @Option(names = "--for", paramLabel = "PURPOSE", defaultValue = "record",
      description = "What the export is for: record (the default: keeping the confidential record), un, partners, public or "
          + "legal. The defender's current consent must allow it; a refusal is recorded, and there is no override.")
  String purpose;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Option(names = "--bundle", description = "Write a signed evidence bundle (see above and docs/integrity-log.md).")
  boolean bundle;

  @Option(names = "--sign-key", paramLabel = "LABEL", defaultValue = TokenOptions.DEFAULT_LOGIN_KEY,
      description = "With --bundle: the token's signing key that signs it (default: ${DEFAULT-VALUE}).")
  String signKey;

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  /** The extension for a detected MIME type; "bin" for anything not in the small known list. */
  static String extension(String mime) {
    String base = mime == null ? "" : mime.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return EXTENSIONS.getOrDefault(base, "bin");
  }

  /** Fails with advice unless {@code dir} is an existing folder that group and others can neither read nor write. */
  static Path checkPrivateDir(Path dir) throws IOException {
    Path d = dir.toAbsolutePath();
    if (!Files.isDirectory(d)) {
      throw Exit.fail(Exit.IO, "The folder " + d + " does not exist. Create it with 'mkdir -m 700 " + d + "'.");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d);
    if (perms.stream().anyMatch(SHARED::contains)) {
      throw Exit.fail(Exit.UNSAFE_OUTPUT, "The folder " + d + " can be read or written by other users. Run 'chmod 700 "
          + d + "' first, or choose a private folder.");
    }
    return d.toRealPath();
  }

  private record Planned(JsonNode entry, int ordinal, JsonNode blob, String name) {}

  @Override
  public Integer call() throws Exception {
    Enforcement.Purpose forPurpose = Enforcement.Purpose.parse(purpose);
    Path dir = checkPrivateDir(to);
    State state = home.open();
    Pulled p = Pulled.load(state, id);
    PrintWriter out = spec.commandLine().getOut();
    try (Pkcs11Token t = token.open()) {
      List<Identity> ids = token.identities(t);
      Guard guard = Guard.open(state, id, ids);
      guard.require("export", forPurpose); // before a byte is written
      JsonNode m = guard.manifest;
      if (bundle) {
        com.fasterxml.jackson.databind.node.ObjectNode bundled = ((com.fasterxml.jackson.databind.node.ObjectNode) m).deepCopy();
        bundled.set("consent", guard.consentForBundle()); // the current consent, not as first given
        EvidenceBundle.write(state, p, bundled, ids, t.findSigningKey(signKey), dir, out);
        out.println(guard.done("export", forPurpose, "exported", "an evidence bundle"));
        return 0;
      }
      List<Planned> plan = plan(p, m, dir);
      List<Terminal.Output> outputs = new ArrayList<>();
      try {
        StringBuilder hashes = new StringBuilder();
        for (Planned f : plan) {
          Terminal.Output o = Terminal.output(dir.resolve(f.name).toString(), true, "");
          outputs.add(o);
          Pulled.Opened opened = Pulled.open(p.path(f.blob), ids, o.stream());
          if (!opened.sha256().equals(Pulled.storedSha256(f.entry)) || opened.size() != Pulled.storedSize(f.entry)) {
            throw Exit.fail(Exit.TAMPERED, "File #" + f.ordinal + " opened to other contents than the gateway received "
                + "(SHA-256 or size differ). Nothing was exported; keep the sealed copy as evidence and pull again.");
          }
          hashes.append(opened.sha256()).append("  ").append(f.name).append('\n');
        }
        Terminal.Output h = Terminal.output(dir.resolve(HASHES).toString(), true, "");
        outputs.add(h);
        h.stream().write(hashes.toString().getBytes(StandardCharsets.US_ASCII));
        for (Terminal.Output o : outputs) o.commit(); // all opened and matched: only now does anything appear
      } finally {
        for (Terminal.Output o : outputs) o.close(); // removes every uncommitted temporary file
      }
      out.println("Exported " + plan.size() + " files of " + id + " to " + dir + ":");
      for (Planned f : plan) {
        out.println("  #" + f.ordinal + "  " + Safe.text(f.entry.path("name").asText("?")) + "  ->  " + f.name + "  ("
            + Safe.text(f.entry.path("detectedType").asText("?")) + ", " + f.entry.path("size").asLong() + " bytes)");
      }
      out.println(guard.done("export", forPurpose, "exported", plan.size() + " files"));
      out.println("Hashes: " + dir.resolve(HASHES) + " (check with 'cd " + dir + " && sha256sum -c " + HASHES + "').");
      out.println("Do not open these files on this workstation: open them only in a disposable VM or after converting "
          + "them with a tool such as Dangerzone. A hostile file is as likely as a real one.");
      out.flush();
    }
    return 0;
  }

  /** Checks everything that can be checked before writing: listing, sealed hashes, free target names. */
  private static List<Planned> plan(Pulled p, JsonNode m, Path dir) throws IOException {
    List<Planned> plan = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (JsonNode f : m.path("files")) {
      int n = Pulled.ordinal(f);
      if (!seen.add(n)) throw Exit.fail(Exit.MALFORMED, "The manifest lists file #" + n + " twice.");
      JsonNode b = p.blob("file", n);
      if (b == null || !b.path("sealedSha256").asText().equals(f.path("sealedSha256").asText())) {
        throw Exit.fail(Exit.TAMPERED, "File #" + n + ": the gateway's listing does not match the manifest. Nothing was "
            + "exported; pull again, and report it if it persists.");
      }
      String problem = p.sealedProblem(b);
      if (problem != null) {
        throw Exit.fail(problem.startsWith("not") ? Exit.USAGE : Exit.TAMPERED, "File #" + n + " is " + problem
            + ". Nothing was exported.");
      }
      plan.add(new Planned(f, n, b, "file-" + n + "." + extension(f.path("detectedType").asText())));
    }
    for (String name : plan.stream().map(Planned::name).toList()) exists(dir, name);
    exists(dir, HASHES);
    return plan;
  }

  private static void exists(Path dir, String name) {
    if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
      throw Exit.fail(Exit.IO, dir.resolve(name) + " already exists. The console never overwrites a file: export into "
          + "an empty folder, or move the earlier export away. Nothing was written.");
    }
  }
}

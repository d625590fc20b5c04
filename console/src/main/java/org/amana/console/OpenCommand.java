package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.amana.crypto.Age;
import org.amana.crypto.pkcs11.Pkcs11Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "open",
    mixinStandardHelpOptions = true,
    description = {
      "Opens a pulled submission's sealed manifest with the token and shows the report and the",
      "list of files (name, detected type, size, hash, metadata status). The report is made safe for",
      "the terminal: control characters, escape sequences (clipboard, links, cursor moves, titles)",
      "and bidi overrides are shown as visible escapes such as \\u{1b}. Nothing is written to disk,",
      "and nothing is shown unless the whole manifest verified.",
    })
final class OpenCommand implements Callable<Integer> {
  @Parameters(paramLabel = "ID", description = "The submission's id (see 'amana-console list').")
  String id;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Pulled pulled = Pulled.load(home.open(), id);
    pulled.checkedManifestBlob();
    JsonNode m;
    // The manifest is checked against the listing and opened in memory: nothing is shown unless it all verified.
    try (Pkcs11Token t = token.open()) {
      m = pulled.manifest(token.identities(t));
    }
    JsonNode listing = pulled.listing;
    Path folder = pulled.folder;
    String text = render(id, m, listing, folder);
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    Path marker = folder.resolve(State.OPENED);
    if (!Files.exists(marker)) State.writePrivate(marker, (Instant.now() + "\n").getBytes(StandardCharsets.US_ASCII));
    return 0;
  }

  /** The whole text shown, built before any of it is printed. Every value from inside the seal goes through Safe.text. */
  static String render(String id, JsonNode m, JsonNode listing, Path folder) {
    StringBuilder sb = new StringBuilder();
    sb.append("Submission ").append(id).append('\n');
    sb.append("Received:  ").append(Safe.text(m.path("receivedAt").asText("?"))).append('\n');
    if (m.has("follows")) sb.append("Follows:   ").append(Safe.text(m.path("follows").asText())).append('\n');
    JsonNode c = m.path("consent");
    sb.append("Consent:   contact ").append(Safe.text(c.path("contact").asText("?")));
    if (c.has("contactChannel")) sb.append(" (").append(Safe.text(c.path("contactChannel").asText())).append(')');
    sb.append("; naming ").append(Safe.text(c.path("naming").asText("?")))
        .append("; metadata ").append(Safe.text(c.path("metadata").asText("?"))).append("; uses:");
    for (Map.Entry<String, JsonNode> u : c.path("uses").properties()) {
      if (u.getValue().asBoolean()) sb.append(' ').append(Safe.text(u.getKey()));
    }
    sb.append("\n\nReport:\n");
    String report = Safe.text(m.path("report").asText(""));
    for (String line : report.split("\n", -1)) sb.append("  ").append(line).append('\n');
    JsonNode files = m.path("files");
    sb.append("\nFiles (").append(files.size()).append("):\n");
    for (JsonNode f : files) {
      int ordinal = f.path("ordinal").asInt();
      sb.append(String.format("  #%d  %s%n", ordinal, Safe.text(f.path("name").asText("?"))));
      sb.append("      type ").append(Safe.text(f.path("detectedType").asText("?")))
          .append(", ").append(f.path("size").asLong()).append(" bytes")
          .append(", metadata ").append(metadata(f.path("metadata"))).append('\n');
      sb.append("      sha256 received ").append(Safe.text(f.path("sha256Received").asText("?"))).append('\n');
      if (f.has("sha256Stored") && !f.path("sha256Stored").asText().equals(f.path("sha256Received").asText())) {
        sb.append("      sha256 stored   ").append(Safe.text(f.path("sha256Stored").asText("?")))
            .append(" (").append(f.path("storedSize").asLong()).append(" bytes, after metadata removal)\n");
      }
      sb.append("      sealed copy: ").append(sealedCopy(f, ordinal, listing, folder)).append('\n');
    }
    sb.append("\nThe files stay sealed. Open them only in a disposable VM or after converting them (e.g. Dangerzone).\n");
    return sb.toString();
  }

  /**
   * A file's metadata status: a plain string in amana-manifest/1; in /2 an object with the status,
   * the categories removed (never their values) and, when nothing could be removed, why.
   */
  static String metadata(JsonNode m) {
    if (!m.isObject()) return Safe.text(m.asText("?"));
    StringBuilder sb = new StringBuilder(Safe.text(m.path("status").asText("?")));
    if (m.path("removed").size() > 0) {
      sb.append(" (");
      for (int i = 0; i < m.path("removed").size(); i++) {
        if (i > 0) sb.append(", ");
        sb.append(Safe.text(m.path("removed").get(i).asText()));
      }
      sb.append(')');
    }
    if (m.has("problem")) sb.append(": ").append(Safe.text(m.path("problem").asText()));
    return sb.toString();
  }

  /** Whether the pulled sealed file is here and the gateway's listing agrees with the hash sealed in the manifest. */
  private static String sealedCopy(JsonNode f, int ordinal, JsonNode listing, Path folder) {
    for (JsonNode b : listing.path("blobs")) {
      if (!b.path("kind").asText().equals("file") || b.path("ordinal").asInt() != ordinal) continue;
      if (!b.path("sealedSha256").asText().equals(f.path("sealedSha256").asText())) {
        return "DOES NOT MATCH the manifest (the gateway listed another file): do not trust it";
      }
      return Files.isRegularFile(folder.resolve(State.blobName(b))) ? "pulled; the hash the gateway listed matches the manifest" : "not pulled yet";
    }
    return "MISSING from the gateway's listing";
  }
}

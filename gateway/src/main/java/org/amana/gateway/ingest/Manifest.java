package org.amana.gateway.ingest;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sealed manifest of one submission (format {@code amana-manifest/2}): the report, the
 * defender's consent answers, per-file facts and the precise time of receipt. It is sealed with
 * the files; nothing in it ever reaches the database in clear.
 *
 * <p>Version 2 adds, per file, the size and SHA-256 of the bytes as stored (after metadata
 * removal) and a {@code metadata} object: {@code status} (removed, none found, kept, not removed),
 * the {@code removed} categories (never their values) and, when not removed, the {@code problem}.
 * Version 1 had {@code "metadata": "not removed"} and equal received and stored hashes.
 */
final class Manifest {
  static final String FORMAT = "amana-manifest/2";

  private Manifest() {}

  /** The consent answers, read from the form; anything unexpected falls back to the most protective answer. */
  static JsonObject consent(MultiMap form) {
    String contact = oneOf(form.get("contact"), Set.of("none", "replies", "channel"), "none");
    JsonObject c = new JsonObject()
        .put("contact", contact)
        .put("uses", new JsonObject()
            .put("record", true)
            .put("un", "on".equals(form.get("use_un")))
            .put("partners", "on".equals(form.get("use_partners")))
            .put("public", "on".equals(form.get("use_public")))
            .put("legal", "on".equals(form.get("use_legal"))))
        .put("naming", oneOf(form.get("naming"), Set.of("never", "ask", "allowed"), "never"))
        .put("metadata", oneOf(form.get("metadata"), Set.of("remove", "keep"), "remove"));
    if (contact.equals("channel")) c.put("contactChannel", nullToEmpty(form.get("contact_channel")));
    return c;
  }

  static JsonObject build(Instant receivedAt, String report, JsonObject consent, List<FileIngest.Facts> files, String follows) {
    JsonArray list = new JsonArray();
    for (FileIngest.Facts f : files) {
      list.add(new JsonObject()
          .put("ordinal", f.ordinal())
          .put("name", f.name())
          .put("detectedType", f.detectedType())
          .put("size", f.size())
          .put("sha256Received", f.sha256Received())
          .put("storedSize", f.storedSize())
          .put("sha256Stored", f.sha256Stored())
          .put("sealedSha256", f.sealedSha256())
          .put("metadata", metadata(f.metadata())));
    }
    JsonObject m = new JsonObject()
        .put("format", FORMAT)
        .put("receivedAt", receivedAt.toString())
        .put("report", report)
        .put("consent", consent)
        .put("files", list);
    if (follows != null) m.put("follows", follows);
    return m;
  }

  static JsonObject metadata(MetadataOutcome m) {
    JsonObject o = new JsonObject().put("status", m.status().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    JsonArray removed = new JsonArray();
    m.removed().stream().sorted().forEach(c -> removed.add(c.name().toLowerCase(Locale.ROOT)));
    o.put("removed", removed);
    if (m.problem() != null) o.put("problem", m.problem().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    return o;
  }

  private static String oneOf(String value, Set<String> allowed, String fallback) {
    return value != null && allowed.contains(value) ? value : fallback;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

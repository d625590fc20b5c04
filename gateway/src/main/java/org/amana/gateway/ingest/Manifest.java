package org.amana.gateway.ingest;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The sealed manifest of one submission (format {@code amana-manifest/1}): the report, the
 * defender's consent answers, per-file facts and the precise time of receipt. It is sealed with
 * the files; nothing in it ever reaches the database in clear.
 */
final class Manifest {
  static final String FORMAT = "amana-manifest/1";

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
          // Stored exactly as received until metadata removal lands, so both hashes are the same.
          .put("sha256Stored", f.sha256Received())
          .put("sealedSha256", f.sealedSha256())
          .put("metadata", "not removed"));
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

  private static String oneOf(String value, Set<String> allowed, String fallback) {
    return value != null && allowed.contains(value) ? value : fallback;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}

package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.amana.crypto.Age;
import org.amana.crypto.Identity;
import org.amana.crypto.P256TagIdentity;
import org.amana.crypto.Recipient;

/**
 * What every action beyond reading goes through: the pulled submission and its manifest, the
 * current consent (fetched afresh when online), the check ({@link Enforcement}), and the record of
 * the outcome in the action log and, when online, in the gateway's integrity log. A refusal is
 * recorded before it is reported to the reviewer; there is no way around it.
 */
final class Guard {
  final State state;
  final Pulled pulled;
  final JsonNode manifest;
  final ConsentRecord consent;
  private final Recipient self;

  private Guard(State state, Pulled pulled, JsonNode manifest, ConsentRecord consent, Recipient self) {
    this.state = state;
    this.pulled = pulled;
    this.manifest = manifest;
    this.consent = consent;
    this.self = self;
  }

  static Guard open(State state, String id, List<Identity> ids) throws IOException {
    Pulled pulled = Pulled.load(state, id);
    JsonNode manifest = pulled.manifest(ids);
    ConsentRecord record = ConsentRecord.load(state, pulled, manifest, ids);
    Recipient self = ids.stream().filter(i -> i instanceof P256TagIdentity).map(i -> (Recipient) ((P256TagIdentity) i).recipient())
        .findFirst().orElseThrow(() -> Exit.fail(Exit.TOKEN, "The token has no P-256 sealing key."));
    return new Guard(state, pulled, manifest, record, self);
  }

  /** An action done: the guard that allowed it, and where it was recorded. */
  record Acted(Guard guard, String recorded) {}

  /**
   * What a command that only records an action does (mark-raised, publish, contact): the consent
   * check, refused with the reason, else the record. The token is needed to open the manifest and
   * the consent events.
   */
  static Acted act(State state, String id, TokenOptions token, String action, Enforcement.Purpose purpose, String kind,
      String note) throws Exception {
    Pulled.load(state, State.checkId(id)).checkedManifestBlob();
    try (org.amana.crypto.pkcs11.Pkcs11Token t = token.open()) {
      Guard g = open(state, id, token.identities(t));
      g.require(action, purpose);
      return new Acted(g, g.done(action, purpose, kind, note));
    }
  }

  /**
   * Fails with REFUSED (after recording the refusal) unless the current consent allows {@code purpose}.
   * {@code action} is the command's name, for the log.
   */
  void require(String action, Enforcement.Purpose purpose) throws IOException {
    Enforcement.Refusal r = Enforcement.check(consent, purpose, LocalDate.now(ZoneOffset.UTC));
    if (r == null) return;
    String recorded = record(action, purpose, "refused", "refused", r.code(), r.reason(), null);
    throw Exit.fail(Exit.REFUSED, "Refused: " + r.reason() + "\n(" + consent.freshness + ")\n" + recorded);
  }

  /**
   * The consent that covers a bundle's use, for the bundle: the current answers and since when, but
   * never the contact channel, which could identify the defender to whoever receives the bundle.
   */
  JsonNode consentForBundle() {
    ObjectNode n = State.JSON.createObjectNode();
    org.amana.crypto.format.Consent c = consent.current();
    if (c == null) {
      n.put("state", "withdrawn");
    } else {
      n.put("state", "given").put("contact", org.amana.crypto.format.Consent.name(c.contact()));
      var uses = n.putArray("uses");
      c.uses().stream().sorted().forEach(u -> uses.add(org.amana.crypto.format.Consent.name(u)));
      n.put("naming", org.amana.crypto.format.Consent.name(c.naming()))
          .put("metadata", org.amana.crypto.format.Consent.name(c.metadata()));
      if (c.lapsesOn() != null) n.put("lapsesOn", c.lapsesOn().toString());
    }
    return n.put("since", String.valueOf(consent.since())).put("checked", consent.freshness)
        .put("note", "The contact channel, if the defender named one, is left out: it could identify them.");
  }

  /** Records an action that was done; returns the sentence that says where it was recorded. */
  String done(String action, Enforcement.Purpose purpose, String kind, String note) throws IOException {
    // How current the consent was is said with every decision, not only with refusals.
    return "Consent checked: " + consent.freshness + ".\n" + record(action, purpose, "done", kind, null, null, note);
  }

  private String record(String action, Enforcement.Purpose purpose, String outcome, String kind, String code, String reason,
      String note) throws IOException {
    ObjectNode details = State.JSON.createObjectNode().put("format", "amana-action/1").put("submission", pulled.id)
        .put("action", action).put("purpose", purpose.word()).put("outcome", outcome)
        .put("day", LocalDate.now(ZoneOffset.UTC).toString()).put("consent", consent.unreadable != null ? "unknown"
            : consent.current() == null ? "withdrawn" : consent.current().summary()).put("consentSince", String.valueOf(consent.since()))
        .put("freshness", consent.freshness);
    if (reason != null) details.put("reason", reason);
    if (note != null) details.put("note", note);
    byte[] sealed = seal(State.JSON.writeValueAsBytes(details));
    String sha = ConsentRecord.sha256(sealed);
    java.nio.file.Path file = ActionLog.details(state, sha);
    if (!Files.exists(file)) State.writePrivate(file, sealed);
    Long leaf = report(kind, sealed);
    ObjectNode line = State.JSON.createObjectNode().put("submission", pulled.id).put("action", action)
        .put("purpose", purpose.word()).put("outcome", outcome);
    if (code != null) line.put("code", code);
    line.put("detailsSha256", sha);
    if (leaf != null) line.put("leaf", leaf);
    else line.putNull("leaf");
    JsonNode entry = ActionLog.append(state, line);
    return "Recorded as entry " + entry.path("n").asInt() + " of the action log"
        + (leaf != null ? "; reported to the gateway (integrity log leaf " + leaf + ")." : "; NOT reported to the gateway (offline or "
            + "refused): the local log holds it.");
  }

  /** Reports the sealed details as a custody event; null when offline or the gateway refused. */
  private Long report(String kind, byte[] sealed) {
    try {
      State.Session s = state.session();
      JsonNode r = new Api(s.api(), s.token()).postSealed("/api/v1/submissions/" + pulled.id + "/actions?kind=" + kind, sealed);
      return r.path("leaf").canConvertToLong() ? r.path("leaf").asLong() : null;
    } catch (IOException | Exit.Failure e) {
      return null;
    }
  }

  /** Details are sealed to this reviewer's own token: the gateway and the disk see only their hash. */
  private byte[] seal(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream s = Age.seal(out, List.of(self))) {
      s.write(plain);
    }
    return out.toByteArray();
  }
}

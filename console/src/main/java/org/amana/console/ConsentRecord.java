package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.amana.crypto.Age;
import org.amana.crypto.AgeException;
import org.amana.crypto.Identity;
import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentEvent;
import org.amana.crypto.format.FormatException;

/**
 * A submission's consent as the console enforces it: the consent in the manifest, then every
 * consent event the gateway holds, each opened with the token. Online, the events are fetched
 * afresh before every check (and kept, still sealed, in {@code consent.json}); offline, the kept
 * copy is used and its age is said. An event that does not open or parse makes the consent
 * unknown, and an unknown consent allows nothing: it could have been a withdrawal.
 */
final class ConsentRecord {
  static final String FILE = "consent.json";
  private static final int MAX_EVENT = 64 * 1024;

  /** One opened event, with its position in the gateway's sequence. */
  record Event(long id, ConsentEvent event) {}

  final String id;
  final Consent initial;
  final LocalDate initialDay;
  final List<Event> events;
  /** Why the events could not all be read; null when they were. */
  final String unreadable;
  /** Where the events came from: "fetched just now", or how old the kept copy is. */
  final String freshness;

  private ConsentRecord(String id, Consent initial, LocalDate initialDay, List<Event> events, String unreadable, String freshness) {
    this.id = id;
    this.initial = initial;
    this.initialDay = initialDay;
    this.events = events;
    this.unreadable = unreadable;
    this.freshness = freshness;
  }

  /** A record built directly (tests of the rules). */
  static ConsentRecord of(String id, Consent initial, LocalDate day, List<Event> events, String unreadable) {
    return new ConsentRecord(id, initial, day, events, unreadable, "test");
  }

  /** The consent in force; null when withdrawn. Only meaningful when {@link #unreadable} is null. */
  Consent current() {
    return ConsentEvent.current(initial, events.stream().map(Event::event).toList());
  }

  /** The day the current consent (or its withdrawal) was recorded. */
  LocalDate since() {
    return events.isEmpty() ? initialDay : events.getLast().event().day();
  }

  /**
   * Reads the consent of a pulled submission: fetches the events when a session exists (falling
   * back to the kept copy when the gateway cannot be reached), opens everything with {@code ids}.
   */
  static ConsentRecord load(State state, Pulled pulled, JsonNode manifest, List<Identity> ids) throws IOException {
    // Material added at a check-in is governed by the consent of the submission it follows.
    String follows = manifest.path("follows").asText("");
    if (!follows.isEmpty()) {
      String first;
      try {
        first = State.checkId(follows);
      } catch (Exit.Failure e) {
        return new ConsentRecord(pulled.id, null, LocalDate.EPOCH, List.of(), "the manifest names no valid first submission", "");
      }
      if (!java.nio.file.Files.isRegularFile(state.submission(first).resolve(State.LISTING))) {
        return new ConsentRecord(pulled.id, null, LocalDate.EPOCH, List.of(), "this material follows submission " + first
            + ", whose consent governs it, and that submission is not pulled (run 'amana-console pull')", "");
      }
      Pulled p = Pulled.load(state, first);
      JsonNode firstManifest = p.manifest(ids);
      if (firstManifest.has("follows")) { // one level only: a first submission follows nothing (and a loop must not recurse)
        return new ConsentRecord(pulled.id, null, LocalDate.EPOCH, List.of(), "submission " + first + " itself follows another", "");
      }
      ConsentRecord r = load(state, p, firstManifest, ids);
      return new ConsentRecord(pulled.id, r.initial, r.initialDay, r.events, r.unreadable,
          r.freshness + "; the consent of submission " + first + ", which this material follows");
    }
    Consent initial;
    String unreadable = null;
    try {
      initial = Consent.parse(manifest.path("consent").toString());
    } catch (FormatException e) {
      initial = null;
      unreadable = "the consent in the manifest is not readable (" + e.getMessage() + ")";
    }
    LocalDate day = LocalDate.parse(pulled.listing.path("receivedOn").asText("1970-01-01"));
    Path kept = pulled.folder.resolve(FILE);
    String freshness;
    JsonNode stored = null;
    State.Session session = null;
    try {
      session = state.session();
    } catch (Exit.Failure noSession) {
      // none (offline on purpose: the kept copy is all there is) or expired (handled below)
    }
    // Logged in, yet the current consent cannot be fetched (an expired session, a gateway or network
    // that fails): acting on an old copy could act on a withdrawn consent, so nothing is allowed.
    // Working offline is a deliberate state: no session file at all.
    boolean online = state.hasSessionFile();
    if (online && session == null && unreadable == null) {
      unreadable = "your session expired, so the current consent could not be fetched. Log in again and retry; to act "
          + "offline on the copy kept here instead, knowingly, delete the session file in the console's folder first";
    }
    if (session != null) {
      try {
        JsonNode list = new Api(session.api(), session.token()).getJson("/api/v1/submissions/" + pulled.id + "/consent");
        ObjectNode doc = State.JSON.createObjectNode().put("fetched", Instant.now().toString());
        doc.set("events", list);
        State.writePrivate(kept, State.JSON.writeValueAsBytes(doc));
        stored = doc;
      } catch (IOException | Exit.Failure e) {
        stored = null; // the kept copy is still shown, but no action may rest on it
        if (unreadable == null) {
          unreadable = "the gateway could not be reached to fetch the current consent. Retry when it can be reached; to "
              + "act offline on the copy kept here instead, knowingly, delete the session file in the console's folder first";
        }
      }
    }
    if (stored != null) {
      freshness = "consent events fetched from the gateway just now";
    } else if (Files.isRegularFile(kept)) {
      stored = State.JSON.readTree(kept.toFile());
      Instant fetched = Instant.parse(stored.path("fetched").asText("1970-01-01T00:00:00Z"));
      freshness = "OFFLINE: consent events as fetched " + age(fetched) + " ago (" + fetched + "); a later change or withdrawal is not known here";
    } else {
      stored = State.JSON.createObjectNode().set("events", State.JSON.createArrayNode());
      freshness = "OFFLINE: no consent events were ever fetched for this submission; only the consent in the manifest is known";
    }
    List<Event> events = new ArrayList<>();
    for (JsonNode e : stored.path("events")) {
      try {
        events.add(new Event(e.path("id").asLong(), open(e, ids)));
      } catch (IOException | IllegalArgumentException x) { // FormatException, and a Base64 that is not
        if (unreadable == null) unreadable = "consent event " + e.path("id").asLong() + " could not be opened or read (" + Safe.text(String.valueOf(x.getMessage())) + ")";
      }
    }
    return new ConsentRecord(pulled.id, initial, day, events, unreadable, freshness);
  }

  private static ConsentEvent open(JsonNode e, List<Identity> ids) throws IOException {
    byte[] sealed = Base64.getDecoder().decode(e.path("sealed").asText(""));
    if (!sha256(sealed).equals(e.path("sealedSha256").asText())) throw new IOException("its SHA-256 is not the one listed");
    try (InputStream in = Age.openAny(new ByteArrayInputStream(sealed), ids)) {
      byte[] plain = in.readNBytes(MAX_EVENT + 1);
      if (plain.length > MAX_EVENT) throw new IOException("too large");
      return ConsentEvent.parse(new String(plain, StandardCharsets.UTF_8));
    } catch (AgeException.NoMatch x) {
      throw new IOException("not sealed to this token");
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String age(Instant then) {
    Duration d = Duration.between(then, Instant.now());
    if (d.toDays() > 0) return d.toDays() + " days";
    if (d.toHours() > 0) return d.toHours() + " hours";
    return Math.max(0, d.toMinutes()) + " minutes";
  }

  /** The history for 'consent ID': every line built by the console, defender text through Safe.text. */
  String history() {
    StringBuilder sb = new StringBuilder();
    sb.append("Consent of ").append(id).append(" (").append(freshness).append(")\n");
    sb.append("  ").append(initialDay).append("  given with the submission: ")
        .append(initial == null ? "NOT READABLE" : initial.summary()).append('\n');
    for (Event e : events) {
      ConsentEvent c = e.event();
      sb.append("  ").append(c.day()).append("  ").append(Consent.name(c.reason()));
      if (c.request() != null) sb.append(" request ").append(c.request()).append(Boolean.TRUE.equals(c.granted()) ? " (yes)" : " (no)");
      sb.append(": ").append(c.consent() == null ? "WITHDRAWN: nothing beyond reading" : c.consent().summary()).append('\n');
    }
    if (unreadable != null) sb.append("UNKNOWN: ").append(unreadable).append(". Every action beyond reading is refused.\n");
    else {
      Consent now = current();
      sb.append("Current (since ").append(since()).append("): ")
          .append(now == null ? "WITHDRAWN: nothing beyond reading" : now.summary()).append('\n');
    }
    return sb.toString();
  }
}

package org.amana.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.amana.crypto.Age;
import org.amana.crypto.Recipient;
import org.amana.crypto.Recipients;
import org.amana.crypto.X25519Identity;
import org.amana.crypto.format.Consent;
import org.amana.crypto.format.ConsentEvent;
import org.amana.crypto.format.ConsentRequest;
import org.amana.crypto.format.FormatException;
import org.amana.storage.SealedRecord;
import org.amana.storage.Store;
import org.amana.storage.SubmissionId;

/**
 * The defender's consent as the gateway keeps it: events sealed to every active reviewer and to the
 * defender's reply key (so that the check-in page can show the consent on record, opened with the
 * receipt like a reply), never readable here at rest. Each event is also a custody event in the
 * integrity log ({@code consent_given}, {@code consent_changed}, {@code consent_withdrawn}), whose
 * details are the SHA-256 of the sealed event.
 */
public final class Consents {
  /** The largest sealed event or request accepted: a consent record is small; this leaves room for many recipients. */
  public static final int MAX_SEALED = 64 * 1024;

  private final Store store;
  private final Supplier<Future<List<Recipient>>> reviewers;
  private final Clock clock;

  public Consents(Store store, Supplier<Future<List<Recipient>>> reviewers, Clock clock) {
    this.store = store;
    this.reviewers = reviewers;
    this.clock = clock;
  }

  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** Seals and stores an event of a submission that has a reply key, then logs it. */
  public Future<Void> record(SubmissionId submission, ConsentEvent event) {
    return store.replyRecipient(submission).compose(reply -> record(submission, event, reply.orElse(null)));
  }

  Future<Void> record(SubmissionId submission, ConsentEvent event, String replyRecipient) {
    return reviewers.get().compose(to -> {
      List<Recipient> sealTo = new ArrayList<>(to);
      if (replyRecipient != null) sealTo.add(Recipients.parse(replyRecipient));
      Buffer sealed = seal(event.toJson(), sealTo);
      byte[] hash = sha256(sealed.getBytes());
      // Logged once stored: an event that failed to store was never made, and the defender is told so.
      return store.addConsentEvent(submission, sealed, hash).compose(id -> store.appendEvent(submission, kind(event), hash)).mapEmpty();
    });
  }

  static String kind(ConsentEvent e) {
    return switch (e.reason()) {
      case GIVEN -> "consent_given";
      case WITHDRAWN -> "consent_withdrawn";
      case CHANGED, ANSWERED -> e.consent() == null ? "consent_withdrawn" : "consent_changed";
    };
  }

  /**
   * The consent on record for the defender holding {@code key}, opened in memory from the sealed
   * events and requests: the latest event that opens, and the requests no event answered yet.
   */
  static CheckIn.ConsentView open(List<SealedRecord> events, List<SealedRecord> requests, X25519Identity key) {
    List<ConsentEvent> opened = new ArrayList<>();
    boolean damaged = false;
    for (SealedRecord r : events) {
      try {
        opened.add(ConsentEvent.parse(text(r.sealed().getBytes(), key)));
      } catch (IOException | FormatException e) {
        damaged = true; // shown as such: the page never hides that a record did not open
      }
    }
    Set<String> answered = new HashSet<>();
    for (ConsentEvent e : opened) if (e.request() != null) answered.add(e.request());
    List<ConsentRequest> pending = new ArrayList<>();
    for (SealedRecord r : requests) {
      try {
        ConsentRequest q = ConsentRequest.parse(text(r.sealed().getBytes(), key));
        if (!answered.contains(q.id())) pending.add(q);
      } catch (IOException | FormatException e) {
        damaged = true;
      }
    }
    if (opened.isEmpty()) return new CheckIn.ConsentView(false, null, null, pending, damaged, events.size());
    ConsentEvent last = opened.getLast();
    return new CheckIn.ConsentView(true, ConsentEvent.current(null, opened), last.day(), pending, damaged, events.size());
  }

  private static String text(byte[] sealed, X25519Identity key) throws IOException {
    try (InputStream in = Age.open(new ByteArrayInputStream(sealed), List.of(key))) {
      byte[] b = in.readNBytes(MAX_SEALED + 1);
      if (b.length > MAX_SEALED) throw new IOException("too large");
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  static Buffer seal(String text, List<Recipient> to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (OutputStream s = Age.seal(out, to)) {
      s.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IngestException(IngestException.Reason.UNAVAILABLE, e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

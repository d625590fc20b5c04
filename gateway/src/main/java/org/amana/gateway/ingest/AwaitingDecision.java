package org.amana.gateway.ingest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Uploads held back while the defender decides about files that could not be cleaned. Held only in
 * memory (the report text among them), for a short while, a bounded number: a restart or the
 * expiry drops them, and their stored rows are then removed like any unfinished upload.
 *
 * @param <T> what is held: the uncommitted submission
 */
final class AwaitingDecision<T> {
  private record Held<T>(T value, Instant expires) {}

  private final Map<String, Held<T>> held = new LinkedHashMap<>();
  private final SecureRandom random;
  private final Clock clock;
  private final Duration patience;
  private final int capacity;

  AwaitingDecision(SecureRandom random, Clock clock, Duration patience, int capacity) {
    this.random = random;
    this.clock = clock;
    this.patience = patience;
    this.capacity = capacity;
  }

  /** Holds {@code value}; empty when full. Returns the expired values too, for the caller to clean up. */
  synchronized Optional<String> hold(T value, List<T> expiredOut) {
    expiredOut.addAll(expire());
    if (held.size() >= capacity) return Optional.empty();
    byte[] b = new byte[24];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    held.put(token, new Held<>(value, clock.instant().plus(patience)));
    return Optional.of(token);
  }

  /** Takes the value out: a token works once. */
  synchronized Optional<T> take(String token, List<T> expiredOut) {
    expiredOut.addAll(expire());
    Held<T> h = token == null ? null : held.remove(token);
    return h == null ? Optional.empty() : Optional.of(h.value());
  }

  private List<T> expire() {
    Instant now = clock.instant();
    List<T> gone = new ArrayList<>();
    held.entrySet().removeIf(e -> {
      if (e.getValue().expires().isAfter(now)) return false;
      gone.add(e.getValue().value());
      return true;
    });
    return gone;
  }
}

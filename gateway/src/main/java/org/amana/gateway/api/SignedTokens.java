package org.amana.gateway.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless tokens for the reviewer API: {@code payload (16 bytes) || expiry || HMAC}, with a
 * purpose label in the MAC so a login challenge can never pass as a session. Stateless, so every
 * gateway instance that shares the database's deployment key accepts them.
 */
final class SignedTokens {
  private static final int MAC_BYTES = 16;
  private static final int SIZE = 16 + 8 + MAC_BYTES;

  private final SecretKeySpec key;
  private final Clock clock;

  SignedTokens(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.clock = clock;
  }

  String issue(String purpose, byte[] payload16, Duration lifetime) {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.put(payload16).putLong(clock.instant().plus(lifetime).getEpochSecond());
    b.put(mac(purpose, b.array()));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** The payload of a valid, unexpired token of this purpose. */
  Optional<byte[]> verify(String purpose, String token) {
    if (token == null || token.length() > 80) return Optional.empty();
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length != SIZE) return Optional.empty();
    if (!MessageDigest.isEqual(mac(purpose, raw), Arrays.copyOfRange(raw, 24, SIZE))) return Optional.empty();
    if (clock.instant().getEpochSecond() > ByteBuffer.wrap(raw, 16, 8).getLong()) return Optional.empty();
    return Optional.of(Arrays.copyOf(raw, 16));
  }

  private byte[] mac(String purpose, byte[] token) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(("amana-api-v1/" + purpose + "\n").getBytes(StandardCharsets.US_ASCII));
      m.update(token, 0, 24);
      return Arrays.copyOf(m.doFinal(), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

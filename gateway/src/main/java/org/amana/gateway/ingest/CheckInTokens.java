package org.amana.gateway.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.amana.storage.SubmissionId;

/**
 * Short-lived tokens that let a defender who just checked in add material without sending the
 * receipt again: {@code submission id || expiry || HMAC}. Stateless, so any gateway instance
 * sharing the database's deployment key accepts them; they carry no receipt and expire quickly.
 */
public final class CheckInTokens {
  private static final byte[] LABEL = "amana-check-in-v1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAC_BYTES = 16;

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration lifetime;

  public CheckInTokens(byte[] key, Clock clock, Duration lifetime) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public String issue(SubmissionId submission) {
    ByteBuffer b = ByteBuffer.allocate(16 + 8 + MAC_BYTES);
    UUID u = submission.value();
    b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    b.putLong(clock.instant().plus(lifetime).getEpochSecond());
    b.put(mac(b.array(), 24));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** The submission a valid, unexpired token names; empty for anything else. */
  public Optional<SubmissionId> verify(String token) {
    if (token == null || token.length() > 100) return Optional.empty();
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length != 16 + 8 + MAC_BYTES) return Optional.empty();
    byte[] expected = mac(raw, 24);
    if (!MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(raw, 24, raw.length))) return Optional.empty();
    ByteBuffer b = ByteBuffer.wrap(raw);
    UUID u = new UUID(b.getLong(), b.getLong());
    if (clock.instant().getEpochSecond() > b.getLong()) return Optional.empty();
    return Optional.of(new SubmissionId(u));
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(LABEL);
      m.update(data, 0, length);
      return java.util.Arrays.copyOf(m.doFinal(), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

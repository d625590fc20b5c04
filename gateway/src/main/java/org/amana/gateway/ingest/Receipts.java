package org.amana.gateway.ingest;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Receipt codes: 20 random decimal digits (66 bits), shown in groups of four to write down.
 *
 * <p>The gateway never stores a receipt. It stores an Argon2id hash as the lookup key, and seals
 * replies to an X25519 key derived from the same hash, so a seized database can neither list
 * receipts nor read replies; guessing one receipt costs 2^66 Argon2id evaluations.
 *
 * <p>Argon2id parameters (THREAT_MODEL.md): m = 64 MiB, t = 3, p = 1, 64 bytes of output; the salt
 * is a per-deployment random value from the database (a fixed salt is needed to look a receipt up;
 * the 66-bit code supplies the uniqueness a per-row salt would). Hashing takes about 170 ms and
 * runs in a small worker pool, never on the event loop.
 */
public final class Receipts {
  static final int DIGITS = 20;
  private static final int ITERATIONS = 3;
  private static final int MEMORY_KIB = 64 * 1024;
  private static final int PARALLELISM = 1;

  /** The two keys a receipt yields: where to find the submission, and the defender's reply key. */
  public record Keys(byte[] lookup, byte[] replySecret) {
    public void zero() {
      Arrays.fill(lookup, (byte) 0);
      Arrays.fill(replySecret, (byte) 0);
    }
  }

  private final SecureRandom random;
  private final byte[] salt;
  private final WorkerExecutor pool;
  private final Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id, 16, 64);

  /** @param pool a bounded worker pool: Argon2id must never run on the event loop */
  public Receipts(SecureRandom random, byte[] salt, WorkerExecutor pool) {
    this.random = random;
    this.salt = salt.clone();
    this.pool = pool;
  }

  /** A fresh receipt, as 20 ASCII digits. */
  public String generate() {
    char[] d = new char[DIGITS];
    for (int i = 0; i < DIGITS; i++) d[i] = (char) ('0' + random.nextInt(10));
    return new String(d);
  }

  /** "12345678901234567890" → "1234 5678 9012 3456 7890". */
  public static String grouped(String digits) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && i % 4 == 0) sb.append(' ');
      sb.append(digits.charAt(i));
    }
    return sb.toString();
  }

  /**
   * A receipt as typed, to 20 ASCII digits: accepts ASCII, Arabic-Indic, Extended Arabic-Indic and
   * full-width digits, and ignores spaces and dashes of any kind. Empty if anything else is there.
   */
  public static Optional<String> normalize(String typed) {
    if (typed == null || typed.length() > 200) return Optional.empty();
    StringBuilder sb = new StringBuilder(DIGITS);
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      int digit = digitValue(c);
      if (digit >= 0) {
        sb.append((char) ('0' + digit));
      } else if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && !isDash(c)) {
        return Optional.empty();
      }
    }
    return sb.length() == DIGITS ? Optional.of(sb.toString()) : Optional.empty();
  }

  private static int digitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= '\u0660' && c <= '\u0669') return c - '\u0660'; // Arabic-Indic
    if (c >= '\u06f0' && c <= '\u06f9') return c - '\u06f0'; // Extended Arabic-Indic (Persian, Urdu)
    if (c >= '\uff10' && c <= '\uff19') return c - '\uff10'; // full-width
    return -1;
  }

  private static boolean isDash(char c) {
    return c == '-' || c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013' || c == '\u2014'
        || c == '\u2212' || c == '\uff0d' || c == '\u30fc' || c == '_';
  }

  /** Derives the keys of a normalized receipt, in the worker pool. */
  public Future<Keys> derive(String digits) {
    return pool.executeBlocking(() -> {
      byte[] pass = digits.getBytes(StandardCharsets.US_ASCII);
      byte[] out = argon2.rawHash(ITERATIONS, MEMORY_KIB, PARALLELISM, pass, salt);
      try {
        return new Keys(Arrays.copyOfRange(out, 0, 32), Arrays.copyOfRange(out, 32, 64));
      } finally {
        Arrays.fill(out, (byte) 0);
        Arrays.fill(pass, (byte) 0);
      }
    }, false);
  }
}

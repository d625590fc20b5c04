package org.amana.gateway.ingest;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The salted commitment to a submission's plaintext hashes that its log leaf carries:
 * HMAC-SHA256(salt, "amana-plaintext-commitment/1\n" + "report " + hex SHA-256 of the report
 * + "\n" + per file "file ORDINAL RECEIVED STORED\n", the hex SHA-256 of the file as received and as
 * stored after metadata removal), with a fresh 32-byte salt kept only inside the sealed
 * manifest. Why salted: whoever holds a leaked document must not be able to confirm from the
 * public log that it was submitted; a reviewer who opens the manifest can recompute and prove it.
 */
final class PlaintextCommitment {
  static final String FORMAT = "amana-plaintext-commitment/1";

  private static final SecureRandom RANDOM = new SecureRandom();

  private PlaintextCommitment() {}

  /** The commitment, and the manifest entry that lets a reviewer recompute it. */
  record Made(byte[] value, JsonObject manifestEntry) {}

  static Made make(String report, List<FileIngest.Facts> files) {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    StringBuilder m = new StringBuilder(FORMAT).append('\n').append("report ")
        .append(HexFormat.of().formatHex(sha256(report.getBytes(StandardCharsets.UTF_8)))).append('\n');
    for (FileIngest.Facts f : files) {
      m.append("file ").append(f.ordinal()).append(' ').append(f.sha256Received()).append(' ').append(f.sha256Stored()).append('\n');
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      byte[] value = mac.doFinal(m.toString().getBytes(StandardCharsets.UTF_8));
      return new Made(value, new JsonObject().put("format", FORMAT).put("salt", Base64.getEncoder().encodeToString(salt))
          .put("value", HexFormat.of().formatHex(value)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

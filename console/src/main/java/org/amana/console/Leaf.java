package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The integrity log's leaf bytes (version 1, docs/integrity-log.md), as the console recomputes and
 * reads them. The console never depends on storage, whose LeafFormat writes them: this is the
 * published format, kept equal by ConsoleIntegrityTest, which checks leaves the gateway wrote.
 */
final class Leaf {
  static final String COMMITMENT_FORMAT = "amana-plaintext-commitment/1";

  private Leaf() {}

  /** One sealed object of a submission leaf. */
  record Sealed(boolean manifest, int ordinal, long size, byte[] sha256) {}

  /** A decoded leaf: a submission (objects set, event null) or a custody event (event set, objects empty). */
  record Decoded(UUID id, LocalDate day, String event, byte[] commitmentOrDetails, List<Sealed> objects) {
    boolean isSubmission() {
      return event == null;
    }
  }

  /** The submission leaf's bytes; objects in the order manifest, then files by ordinal. */
  static byte[] submission(UUID id, LocalDate day, byte[] commitment, List<Sealed> objects) {
    ByteBuffer b = ByteBuffer.allocate(2 + 16 + 4 + 32 + 2 + objects.size() * 45);
    b.put((byte) 1).put((byte) 1).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
        .putInt(Math.toIntExact(day.toEpochDay())).put(commitment).putShort((short) objects.size());
    for (Sealed o : objects) b.put((byte) (o.manifest ? 0 : 1)).putInt(o.ordinal).putLong(o.size).put(o.sha256);
    return b.array();
  }

  /** Decodes strictly; IllegalArgumentException on anything else than a version 1 leaf. */
  static Decoded decode(byte[] data) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      if (b.get() != 1) throw new IllegalArgumentException("unknown leaf version");
      byte type = b.get();
      UUID id = new UUID(b.getLong(), b.getLong());
      LocalDate day = LocalDate.ofEpochDay(b.getInt());
      Decoded d;
      if (type == 1) {
        byte[] commitment = take(b, 32);
        int n = Short.toUnsignedInt(b.getShort());
        List<Sealed> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          byte k = b.get();
          if (k != 0 && k != 1) throw new IllegalArgumentException("unknown object kind");
          objects.add(new Sealed(k == 0, b.getInt(), b.getLong(), take(b, 32)));
        }
        if (n == 0) throw new IllegalArgumentException("a submission leaf without objects");
        d = new Decoded(id, day, null, commitment, List.copyOf(objects));
      } else if (type == 2) {
        String kind = new String(take(b, Byte.toUnsignedInt(b.get())), StandardCharsets.US_ASCII);
        if (!kind.matches("[a-z_]{1,32}")) throw new IllegalArgumentException("malformed event kind");
        d = new Decoded(id, day, kind, take(b, 32), List.of());
      } else {
        throw new IllegalArgumentException("unknown leaf type");
      }
      if (b.hasRemaining()) throw new IllegalArgumentException("trailing bytes after the leaf");
      return d;
    } catch (BufferUnderflowException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("truncated or malformed leaf");
    }
  }

  /**
   * The plaintext commitment, recomputed from an opened manifest (PlaintextCommitment on the
   * gateway). Null when the manifest carries no commitment (format 1) or an unreadable one.
   */
  static byte[] commitment(JsonNode manifest) {
    String report = HexFormat.of().formatHex(sha256(manifest.path("report").asText("").getBytes(StandardCharsets.UTF_8)));
    return commitment(manifest.path("plaintextCommitment"), report, manifest.path("files"));
  }

  /**
   * HMAC-SHA256 keyed with the salt over the report's SHA-256 and each file's received and stored
   * SHA-256 (hex), in the manifest's order: what a bundle's facts let anyone recompute.
   */
  static byte[] commitment(JsonNode pc, String reportSha256, JsonNode files) {
    if (!COMMITMENT_FORMAT.equals(pc.path("format").asText())) return null;
    byte[] salt;
    try {
      salt = Base64.getDecoder().decode(pc.path("salt").asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (salt.length == 0) return null;
    StringBuilder m = new StringBuilder(COMMITMENT_FORMAT).append('\n').append("report ").append(reportSha256).append('\n');
    for (JsonNode f : files) {
      m.append("file ").append(f.path("ordinal").asInt()).append(' ').append(f.path("sha256Received").asText()).append(' ')
          .append(f.path("sha256Stored").asText()).append('\n');
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return mac.doFinal(m.toString().getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] b) {
    return PullCommand.sha256().digest(b);
  }

  static boolean equal(byte[] a, byte[] b) {
    return a != null && b != null && MessageDigest.isEqual(a, b);
  }

  private static byte[] take(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}

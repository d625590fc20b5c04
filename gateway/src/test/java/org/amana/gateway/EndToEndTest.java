package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.amana.crypto.Age;
import org.amana.crypto.P256KeyAgreement;
import org.amana.crypto.P256TagIdentity;
import org.amana.crypto.Recipients;
import org.amana.crypto.pkcs11.Pkcs11Token;
import org.amana.crypto.pkcs11.TokenSigner;
import org.amana.crypto.testing.SoftHsm;
import org.amana.gateway.api.ReviewerAuth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole way through, as the first test asks: a reviewer enrolled by the operator
 * command with a SoftHSM2 token's login key and age1tag1 recipient; a report and three files (one
 * over 100 MB, generated and streamed) sent as HTTP multipart; the receipt; a reviewer login signed
 * on the token; every blob streamed from the API and opened with the token's agreement key; the
 * check-in with the receipt in Arabic-Indic digits; a sealed reply read back at the check-in.
 */
class EndToEndTest {
  private static final long LARGE = (100L << 20) + 12_345; // over 100 MiB, not a multiple of any chunk
  private static final long SEED = 0x5EED_0F_A3A1AL;

  private static Pkcs11Token token;
  private static P256KeyAgreement agreement;
  private static TokenSigner signer;
  private static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    SoftHsm.Token t = SoftHsm.token("amana-5");
    token = Pkcs11Token.open(t.module(), t.label(), t.pin());
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    agreement = token.generateAgreementKey("e2e-seal-" + suffix);
    signer = token.generateSigningKey("e2e-login-" + suffix);
    fx = GatewayFixture.start("end-to-end", Limits.defaults());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = GatewayMain.run(new String[] {"reviewer", "add", "--name", "Reviewer with a token",
        "--login-key", Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()),
        "--recipient", new P256TagIdentity(agreement).recipient().encoded(), "--database-url", fx.databaseUrl()},
        new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, exit, err.toString());
    assertTrue(out.toString().contains("new submissions are sealed to it"), out.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
    if (token != null) token.close();
  }

  @Test
  void submission_reportAndThreeFilesOneLarge_openByteIdenticalWithTokenAndReplyReachesCheckIn() throws Exception {
    byte[] png = png();
    byte[] statement = "Statement of a witness. شهادة شاهد.\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    String report = "On the 3rd, the office was searched. تم تفتيش المكتب.";
    Instant before = Instant.now();

    // The defender: the form, sent with no consent answers at all (a client that leaves them out).
    String cookie = fx.session("en");
    Multipart form = new Multipart().field("report", report)
        .file("files", "notes.txt", "text/plain", png)
        .file("files", "statement.bin", "application/octet-stream", statement)
        .file("files", "video.mp4", "video/mp4", () -> new GeneratedBytes(LARGE, SEED, null));
    HttpResponse<String> decisionPage = fx.submit("en", cookie, form);
    assertEquals(200, decisionPage.statusCode(), decisionPage.body());
    // Random bytes named video.mp4 are no format a stripper knows: the defender is asked, and sends it as it is.
    assertTrue(GatewayFixture.asksForDecision(decisionPage.body()), decisionPage.body());
    assertTrue(decisionPage.body().contains("name=\"send_3\""), "video.mp4 is flagged");
    assertFalse(decisionPage.body().contains("name=\"send_2\""), "plain text is cleaned, not flagged");
    HttpResponse<String> receiptPage = fx.decide("en", cookie, decisionPage.body(), true);
    assertEquals(200, receiptPage.statusCode(), receiptPage.body());
    String receipt = GatewayFixture.receipt(receiptPage.body());
    Instant after = Instant.now();

    // The reviewer: logs in by signing the challenge on the token.
    String session = login();
    JsonArray submissions = new JsonArray(fx.apiGet("/api/v1/submissions", session).body());
    assertEquals(1, submissions.size());
    JsonObject summary = submissions.getJsonObject(0);
    assertEquals(3, summary.getInteger("files"));
    assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), summary.getString("receivedOn"));
    String replyRecipient = summary.getString("replyRecipient");
    assertTrue(replyRecipient.startsWith("age1"), replyRecipient);

    HttpResponse<String> blobsResponse = fx.apiGet("/api/v1/submissions/" + summary.getString("id") + "/blobs", session);
    assertEquals(200, blobsResponse.statusCode());
    JsonArray blobs = new JsonArray(blobsResponse.body());
    assertEquals(4, blobs.size(), "the manifest and three files");
    assertEquals("manifest", blobs.getJsonObject(0).getString("kind"));
    JsonObject manifest = new JsonObject(new String(openBlob(blobs.getJsonObject(0), session, true), StandardCharsets.UTF_8));

    String[] expected = {sha256(png), sha256(statement), GeneratedBytes.sha256(LARGE, SEED, null)};
    JsonArray files = manifest.getJsonArray("files");
    for (int i = 1; i <= 3; i++) {
      JsonObject blob = blobs.getJsonObject(i);
      assertEquals("file", blob.getString("kind"));
      assertEquals(i, blob.getInteger("ordinal"));
      assertEquals(files.getJsonObject(i - 1).getString("sha256Stored"), HexFormat.of().formatHex(openBlob(blob, session, false)),
          "file " + i + " comes out exactly as stored");
    }

    assertEquals("amana-manifest/3", manifest.getString("format"));
    assertEquals(report, manifest.getString("report"));
    Instant receivedAt = Instant.parse(manifest.getString("receivedAt"));
    assertFalse(receivedAt.isBefore(before.minusSeconds(1)) || receivedAt.isAfter(after.plusSeconds(1)), receivedAt.toString());
    JsonObject consent = manifest.getJsonObject("consent");
    assertEquals("none", consent.getString("contact"), "protective default");
    assertEquals(new JsonObject().put("record", true).put("un", false).put("partners", false).put("public", false)
        .put("legal", false), consent.getJsonObject("uses"));
    assertEquals("never", consent.getString("naming"));
    assertEquals("remove", consent.getString("metadata"));
    assertEquals(1, consent.getInteger("version"), "the consent carries its own version (docs/consent.md)");
    assertEquals(org.amana.crypto.format.Consent.mostProtective(), org.amana.crypto.format.Consent.parse(consent.encode()));
    assertEquals(3, files.size());
    String[] names = {"notes.txt", "statement.bin", "video.mp4"};
    String[] types = {"image/png", "text/plain", "application/octet-stream"}; // from the bytes, not the claim
    long[] sizes = {png.length, statement.length, LARGE};
    for (int i = 0; i < 3; i++) {
      JsonObject f = files.getJsonObject(i);
      assertEquals(i + 1, f.getInteger("ordinal"));
      assertEquals(names[i], f.getString("name"));
      assertEquals(types[i], f.getString("detectedType"), names[i]);
      assertEquals(sizes[i], f.getLong("size"), names[i]);
      assertEquals(expected[i], f.getString("sha256Received"), names[i]);
      assertEquals(blobs.getJsonObject(i + 1).getString("sealedSha256"), f.getString("sealedSha256"));
    }
    // Plain text has no metadata of its own; the unknown bytes were sent as they are, at the defender's word.
    assertEquals(new JsonObject().put("status", "none found").put("removed", new JsonArray()), files.getJsonObject(1).getJsonObject("metadata"));
    assertEquals(expected[1], files.getJsonObject(1).getString("sha256Stored"));
    assertEquals(new JsonObject().put("status", "not removed").put("removed", new JsonArray()).put("problem", "unsupported type"),
        files.getJsonObject(2).getJsonObject("metadata"));
    assertEquals(expected[2], files.getJsonObject(2).getString("sha256Stored"));
    assertEquals(LARGE, files.getJsonObject(2).getLong("storedSize"));

    // The defender comes back, typing the receipt in Arabic-Indic digits with dashes.
    HttpResponse<String> visit = fx.checkIn("ar", cookie, arabicIndicWithDashes(receipt));
    assertEquals(200, visit.statusCode());
    assertTrue(visit.body().contains(LocalDate.now(ZoneOffset.UTC).toString()), "the page shows the day it was received");

    // The reviewer replies, sealed to the reply recipient; the defender reads it at the next check-in.
    String reply = "We received your files and will write again. وصلتنا ملفاتك " + UUID.randomUUID();
    assertFalse(visit.body().contains(reply));
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    try (OutputStream s = Age.seal(sealed, List.of(Recipients.parse(replyRecipient)))) {
      s.write(reply.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> posted = fx.apiPost("/api/v1/submissions/" + summary.getString("id") + "/replies", session,
        "application/octet-stream", sealed.toByteArray());
    assertEquals(204, posted.statusCode(), posted.body());
    HttpResponse<String> again = fx.checkIn("en", cookie, receipt.substring(0, 10) + " " + receipt.substring(10));
    assertEquals(200, again.statusCode());
    assertTrue(again.body().contains(reply), "the reply is shown at the check-in");
  }

  private static String login() throws Exception {
    String challenge = fx.challenge();
    byte[] signature = signer.sign((ReviewerAuth.SIGNED_PREFIX + challenge).getBytes(StandardCharsets.US_ASCII));
    HttpResponse<String> r = fx.login(Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()), challenge,
        Base64.getEncoder().encodeToString(signature));
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("session");
  }

  /**
   * Streams a blob from the API, checks the sealed bytes against the listed hash, opens them with
   * the token: the plaintext (if {@code keep}) or its SHA-256.
   */
  private static byte[] openBlob(JsonObject blob, String session, boolean keep) throws Exception {
    HttpRequest request = fx.request(fx.api("/api/v1/blobs/" + blob.getString("id")))
        .header("Authorization", "Bearer " + session).GET().build();
    HttpResponse<InputStream> response = fx.http.send(request, BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    MessageDigest sealedSha = MessageDigest.getInstance("SHA-256");
    MessageDigest plainSha = MessageDigest.getInstance("SHA-256");
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long sealedBytes;
    try (DigestInputStream body = new DigestInputStream(response.body(), sealedSha);
        InputStream plain = Age.open(body, List.of(new P256TagIdentity(agreement)))) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = plain.read(buf)) > 0; ) {
        plainSha.update(buf, 0, n);
        if (keep) kept.write(buf, 0, n);
      }
      sealedBytes = body.transferTo(OutputStream.nullOutputStream());
    }
    assertEquals(0, sealedBytes, "nothing follows the sealed payload");
    assertArrayEquals(HexFormat.of().parseHex(blob.getString("sealedSha256")), sealedSha.digest(), "sealed bytes as listed");
    return keep ? kept.toByteArray() : plainSha.digest();
  }

  private static String arabicIndicWithDashes(String digits) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && i % 4 == 0) sb.append('-');
      sb.append((char) ('\u0660' + (digits.charAt(i) - '0')));
    }
    return sb.toString();
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
    image.setRGB(3, 4, 0xC0FFEE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.amana.gateway.api.ReviewerAuth;
import org.amana.storage.BlobInfo;
import org.amana.storage.BlobKind;
import org.amana.storage.BlobWriter;
import org.amana.storage.ReviewerId;
import org.amana.storage.SubmissionId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reviewer API lets in only the holder of an enrolled, active login key, by a signature over a
 * fresh, untampered challenge; every other route needs the session; and it never serves what is
 * not committed. Challenges and sessions are forged here with the deployment's token key (read
 * from the database) to give them a past expiry, which no clock in the gateway can be moved to.
 */
class ReviewerApiAuthTest {
  private static final String[] PROTECTED = {"GET /api/v1/submissions", "GET /api/v1/submissions/%s/blobs",
    "GET /api/v1/blobs/%s", "POST /api/v1/submissions/%s/replies", "GET /api/v1/anything-else", "POST /api/v1/submissions"};

  private static GatewayFixture fx;
  private static KeyPair enrolled;
  private static byte[] tokenKey;

  @BeforeAll
  static void start() throws Exception {
    fx = GatewayFixture.start("reviewer-api-auth", Limits.defaults());
    enrolled = p256();
    fx.gateway.store().addReviewer("auth test", enrolled.getPublic().getEncoded()).await();
    tokenKey = fx.gateway.store().deploymentSecret("token-key").await();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void login_enrolledKeySignsFreshChallenge_returnsSessionThatOpensTheList() throws Exception {
    String session = session(enrolled);
    assertEquals(200, fx.apiGet("/api/v1/submissions", session).statusCode());
  }

  @Test
  void login_keyNotEnrolled_401() throws Exception {
    assertEquals(401, login(p256(), fx.challenge()).statusCode());
  }

  @Test
  void login_enrolledKeyPresentedButOtherKeySigned_401() throws Exception {
    String challenge = fx.challenge();
    assertEquals(401, fx.login(key(enrolled), challenge, sign(p256(), challenge)).statusCode());
  }

  @Test
  void login_removedReviewer_401() throws Exception {
    KeyPair removed = p256();
    ReviewerId id = fx.gateway.store().addReviewer("removed", removed.getPublic().getEncoded()).await();
    assertEquals(200, login(removed, fx.challenge()).statusCode());
    fx.gateway.store().deactivateReviewer(id).await();
    assertEquals(401, login(removed, fx.challenge()).statusCode());
  }

  @Test
  void session_reviewerRemovedAfterLogin_401AtOnce() throws Exception {
    KeyPair pair = p256();
    ReviewerId id = fx.gateway.store().addReviewer("leaving", pair.getPublic().getEncoded()).await();
    String session = session(pair);
    assertEquals(200, fx.apiGet("/api/v1/submissions", session).statusCode());
    fx.gateway.store().deactivateReviewer(id).await();
    assertEquals(401, fx.apiGet("/api/v1/submissions", session).statusCode());
  }

  @Test
  void login_tamperedChallenge_401() throws Exception {
    String challenge = fx.challenge();
    char[] c = challenge.toCharArray();
    c[5] = c[5] == 'A' ? 'B' : 'A'; // inside the nonce: still well-formed, no longer what the gateway signed
    String tampered = new String(c);
    assertEquals(401, login(enrolled, tampered).statusCode(), "signed as tampered");
    assertEquals(401, fx.login(key(enrolled), tampered, sign(enrolled, challenge)).statusCode(), "signed as issued");
  }

  @Test
  void login_expiredChallenge_401() throws Exception {
    assertEquals(200, login(enrolled, forge("challenge", 60)).statusCode(), "a forged live challenge works: the forgery is right");
    assertEquals(401, login(enrolled, forge("challenge", -5)).statusCode());
  }

  @Test
  void login_challengeOfAnotherPurposeOrUnsigned_401() throws Exception {
    assertEquals(401, login(enrolled, session(enrolled)).statusCode(), "a session is not a challenge");
    assertEquals(401, login(enrolled, "made-up-challenge").statusCode());
    String challenge = fx.challenge();
    assertEquals(401, fx.login(key(enrolled), challenge, signRaw(enrolled, challenge)).statusCode(), "signed without the prefix");
    assertEquals(401, fx.login(key(enrolled), challenge, "").statusCode());
    assertEquals(400, fx.apiPost("/api/v1/login", null, "application/json", "not json".getBytes(StandardCharsets.UTF_8)).statusCode());
  }

  @Test
  void routes_withoutValidSession_401() throws Exception {
    String expired = forge("session", -5);
    String challengeAsSession = fx.challenge();
    for (String route : PROTECTED) {
      String[] parts = String.format(route, UUID.randomUUID()).split(" ");
      for (String session : new String[] {null, "garbage", expired, challengeAsSession}) {
        HttpResponse<String> r = parts[0].equals("GET") ? fx.apiGet(parts[1], session)
            : fx.apiPost(parts[1], session, "application/octet-stream", "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(401, r.statusCode(), route + " with session " + (session == null ? "none" : session));
        assertFalse(r.headers().firstValue("Set-Cookie").isPresent());
      }
    }
  }

  @Test
  void blob_ofUncommittedSubmission_404() throws Exception {
    var store = fx.gateway.store();
    SubmissionId receiving = store.beginSubmission().await();
    BlobWriter writer = store.openBlob(receiving, BlobKind.FILE, 1).await();
    byte[] sealed = "age-encryption.org/v1\nnot really sealed, never committed".getBytes(StandardCharsets.US_ASCII);
    writer.append(Buffer.buffer(sealed)).await();
    BlobInfo blob = writer.finish(sealed.length, MessageDigest.getInstance("SHA-256").digest(sealed)).await();
    try {
      String session = session(enrolled);
      assertEquals(404, fx.apiGet("/api/v1/blobs/" + blob.id(), session).statusCode());
      assertEquals(404, fx.apiGet("/api/v1/submissions/" + receiving + "/blobs", session).statusCode());
      assertEquals(404, fx.apiPost("/api/v1/submissions/" + receiving + "/replies", session, "application/octet-stream",
          "age-encryption.org/v1\n-> X25519 x\n".getBytes(StandardCharsets.US_ASCII)).statusCode());
      assertFalse(fx.apiGet("/api/v1/submissions", session).body().contains(receiving.toString()), "not listed");
      assertEquals(404, fx.apiGet("/api/v1/blobs/" + UUID.randomUUID(), session).statusCode(), "unknown blob");
      assertEquals(400, fx.apiGet("/api/v1/blobs/not-an-id", session).statusCode(), "malformed id");
    } finally {
      store.abandon(receiving).await();
    }
  }

  private static HttpResponse<String> login(KeyPair pair, String challenge) throws Exception {
    return fx.login(key(pair), challenge, sign(pair, challenge));
  }

  private static String session(KeyPair pair) throws Exception {
    HttpResponse<String> r = login(pair, fx.challenge());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("session");
  }

  private static String key(KeyPair pair) {
    return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
  }

  private static String sign(KeyPair pair, String challenge) throws Exception {
    return signRaw(pair, ReviewerAuth.SIGNED_PREFIX + challenge);
  }

  private static String signRaw(KeyPair pair, String message) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(pair.getPrivate());
    s.update(message.getBytes(StandardCharsets.US_ASCII));
    return Base64.getEncoder().encodeToString(s.sign());
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /**
   * A token as the API issues them (16 payload bytes, expiry in epoch seconds, 16 bytes of
   * HMAC-SHA256 over a purpose label and both), expiring {@code seconds} from now.
   */
  private static String forge(String purpose, long seconds) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(40);
    byte[] payload = new byte[16];
    new java.security.SecureRandom().nextBytes(payload);
    b.put(payload).putLong(Instant.now().plusSeconds(seconds).getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
    mac.update(("amana-api-v1/" + purpose + "\n").getBytes(StandardCharsets.US_ASCII));
    mac.update(b.array(), 0, 24);
    b.put(Arrays.copyOf(mac.doFinal(), 16));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }
}

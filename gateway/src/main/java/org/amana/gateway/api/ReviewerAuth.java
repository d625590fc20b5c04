package org.amana.gateway.api;

import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.amana.storage.ReviewerId;
import org.amana.storage.Store;

/**
 * Reviewer login by proof of possession: the server hands out a fresh challenge; the reviewer's
 * token signs {@code "amana-reviewer-login-v1\n" || challenge} with its non-extractable P-256
 * signing key (ECDSA, SHA-256); the server checks the signature against the login key the operator
 * enrolled and issues a short session. No password exists to steal or phish.
 */
public final class ReviewerAuth {
  /** What the reviewer signs: this prefix, then the challenge's bytes as sent. */
  public static final String SIGNED_PREFIX = "amana-reviewer-login-v1\n";
  static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(2);
  static final Duration SESSION_LIFETIME = Duration.ofMinutes(30);

  private final SignedTokens tokens;
  private final Store store;
  private final SecureRandom random;

  ReviewerAuth(SignedTokens tokens, Store store, SecureRandom random) {
    this.tokens = tokens;
    this.store = store;
    this.random = random;
  }

  String challenge() {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return tokens.issue("challenge", nonce, CHALLENGE_LIFETIME);
  }

  /** A session token for the reviewer whose enrolled login key signed this challenge; empty otherwise. */
  Future<Optional<String>> login(String loginKeyBase64, String challenge, String signatureBase64) {
    byte[] spki;
    byte[] signature;
    try {
      spki = Base64.getDecoder().decode(loginKeyBase64);
      signature = Base64.getDecoder().decode(signatureBase64);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Future.succeededFuture(Optional.empty());
    }
    if (tokens.verify("challenge", challenge).isEmpty() || !verifies(spki, challenge, signature)) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.activeReviewerByLoginKey(spki).map(r -> r.map(reviewer -> {
      UUID id = reviewer.id().value();
      byte[] payload = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
      return tokens.issue("session", payload, SESSION_LIFETIME);
    }));
  }

  /** The reviewer a valid session token belongs to. */
  Optional<ReviewerId> session(String token) {
    return tokens.verify("session", token).map(p -> {
      ByteBuffer b = ByteBuffer.wrap(p);
      return new ReviewerId(new UUID(b.getLong(), b.getLong()));
    });
  }

  private static boolean verifies(byte[] spki, String challenge, byte[] signature) {
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(key);
      s.update((SIGNED_PREFIX + challenge).getBytes(StandardCharsets.US_ASCII));
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}

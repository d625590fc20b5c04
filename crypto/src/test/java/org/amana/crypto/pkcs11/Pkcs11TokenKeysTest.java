package org.amana.crypto.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.UUID;
import org.amana.crypto.P256KeyAgreement;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;
import org.amana.crypto.testing.SoftHsm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys on a real SoftHSM2 token: what they compute, and what the token refuses to do. */
class Pkcs11TokenKeysTest {
  private SoftHsm.Token softHsm;
  private Pkcs11Token token;

  @BeforeEach
  void open() throws TokenException {
    softHsm = SoftHsm.token("amana-1");
    token = Pkcs11Token.open(softHsm.module(), softHsm.label(), softHsm.pin());
  }

  @AfterEach
  void close() {
    if (token != null) {
      token.close();
    }
  }

  /** Labels are unique per test: the token outlives each test. */
  private static String label(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void agree_randomSoftwarePeers_equalsSoftwareEcdh() throws Exception {
    P256KeyAgreement key = token.generateAgreementKey(label("ecdh"));
    ECPublicKey tokenPublic = SoftwareEc.decompress(key.publicKey());
    for (int i = 0; i < 8; i++) {
      KeyPair peer = SoftwareEc.generate();
      byte[] onToken = key.agree((ECPublicKey) peer.getPublic());
      assertEquals(32, onToken.length);
      assertArrayEquals(SoftwareEc.ecdh(peer.getPrivate(), tokenPublic), onToken);
    }
  }

  @Test
  void generate_bothKinds_privateKeysNotExtractable() throws Exception {
    var agreement = (TokenAgreementKey) token.generateAgreementKey(label("ne-agree"));
    var signing = (TokenSigningKey) token.generateSigningKey(label("ne-sign"));
    assertNull(agreement.privateKey().getEncoded());
    assertNull(signing.privateKey().getEncoded());
  }

  @Test
  void generate_bothKinds_tokenAttributesSingleUseAndNeverExtractable() throws Exception {
    String agree = label("attr-a");
    String sign = label("attr-s");
    token.generateAgreementKey(agree);
    token.generateSigningKey(sign);
    // Read the attributes with another PKCS#11 client, not through SunPKCS11's view of them.
    String objects = Pkcs11Tool.listObjects(softHsm);
    String agreeKey = Pkcs11Tool.privateKeyBlock(objects, agree);
    String signKey = Pkcs11Tool.privateKeyBlock(objects, sign);
    assertTrue(agreeKey.contains("Usage:      derive\n"), agreeKey);
    assertTrue(signKey.contains("Usage:      sign\n"), signKey);
    for (String key : List.of(agreeKey, signKey)) {
      assertTrue(key.contains("Access:     sensitive, always sensitive, never extractable"), key);
    }
  }

  @Test
  void findAgreementKey_afterReopen_sameKeySameSecret() throws Exception {
    String label = label("reopen");
    P256KeyAgreement generated = token.generateAgreementKey(label);
    KeyPair peer = SoftwareEc.generate();
    byte[] before = generated.agree((ECPublicKey) peer.getPublic());
    token.close();
    token = Pkcs11Token.open(softHsm.module(), softHsm.label(), softHsm.pin());
    P256KeyAgreement found = token.findAgreementKey(label);
    assertArrayEquals(generated.publicKey(), found.publicKey());
    assertArrayEquals(before, found.agree((ECPublicKey) peer.getPublic()));
  }

  @Test
  void sign_generatedAndFoundAgain_verifiesWithSunEc() throws Exception {
    String label = label("sign");
    byte[] message = "receipt 42".getBytes(StandardCharsets.UTF_8);
    TokenSigner signer = token.generateSigningKey(label);
    assertTrue(SoftwareEc.verify(signer.publicKey(), message, signer.sign(message)));
    token.close();
    token = Pkcs11Token.open(softHsm.module(), softHsm.label(), softHsm.pin());
    TokenSigner found = token.findSigningKey(label);
    assertEquals(signer.publicKey(), found.publicKey());
    assertTrue(SoftwareEc.verify(found.publicKey(), message, found.sign(message)));
  }

  @Test
  void sign_withAgreementKey_tokenRefuses() throws Exception {
    String label = label("no-sign");
    var agreement = (TokenAgreementKey) token.generateAgreementKey(label);
    // Bypass the API's kind check, so that it is the token that says no (CKA_SIGN=false).
    var misused = new TokenSigningKey(token, label, agreement.privateKey(),
        SoftwareEc.decompress(agreement.publicKey()));
    TokenException e = assertThrows(TokenException.class, () -> misused.sign(new byte[] {1}));
    assertEquals(Reason.FAILED, e.reason());
    assertTrue(e.getMessage().contains("CKR_KEY_FUNCTION_NOT_PERMITTED"), e.getMessage());
  }

  @Test
  void agree_withSigningKey_tokenRefuses() throws Exception {
    String label = label("no-derive");
    var signing = (TokenSigningKey) token.generateSigningKey(label);
    var misused = new TokenAgreementKey(token, label, signing.privateKey(), signing.publicKey());
    ECPublicKey peer = (ECPublicKey) SoftwareEc.generate().getPublic();
    TokenException e = assertThrows(TokenException.class, () -> misused.agree(peer));
    assertEquals(Reason.FAILED, e.reason());
    assertTrue(e.getMessage().contains("CKR_KEY_FUNCTION_NOT_PERMITTED"), e.getMessage());
  }

  @Test
  void findSigningKey_labelOfAgreementKey_keyNotFound() throws Exception {
    String label = label("kind");
    token.generateAgreementKey(label);
    TokenException e = assertThrows(TokenException.class, () -> token.findSigningKey(label));
    assertEquals(Reason.KEY_NOT_FOUND, e.reason());
  }

  @Test
  void findAgreementKey_unknownLabel_keyNotFoundWithAdvice() {
    TokenException e =
        assertThrows(TokenException.class, () -> token.findAgreementKey("no-such-key"));
    assertEquals(Reason.KEY_NOT_FOUND, e.reason());
    assertTrue(e.getMessage().contains("console token init"), e.getMessage());
  }

  @Test
  void generate_labelTaken_keyExistsForEitherKind() throws Exception {
    String label = label("dup");
    token.generateAgreementKey(label);
    assertEquals(Reason.KEY_EXISTS,
        assertThrows(TokenException.class, () -> token.generateAgreementKey(label)).reason());
    assertEquals(Reason.KEY_EXISTS,
        assertThrows(TokenException.class, () -> token.generateSigningKey(label)).reason());
  }

  @Test
  void listKeys_afterGenerating_listsLabelKindAndPublicKey() throws Exception {
    String agreeLabel = label("list-a");
    String signLabel = label("list-s");
    P256KeyAgreement agreement = token.generateAgreementKey(agreeLabel);
    TokenSigner signer = token.generateSigningKey(signLabel);
    List<TokenKey> keys = token.listKeys();
    assertTrue(keys.contains(
        new TokenKey(agreeLabel, TokenKey.Kind.AGREEMENT, agreement.publicKey())), keys::toString);
    assertTrue(keys.contains(new TokenKey(signLabel, TokenKey.Kind.SIGNING,
        P256.compress(signer.publicKey()))), keys::toString);
  }

  @Test
  void agree_afterClose_failsWithAdvice() throws Exception {
    P256KeyAgreement key = token.generateAgreementKey(label("closed"));
    token.close();
    ECPublicKey peer = (ECPublicKey) SoftwareEc.generate().getPublic();
    TokenException e = assertThrows(TokenException.class, () -> key.agree(peer));
    assertEquals(Reason.FAILED, e.reason());
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void generate_invalidLabel_rejected() {
    assertThrows(IllegalArgumentException.class, () -> token.generateAgreementKey(""));
    assertThrows(IllegalArgumentException.class, () -> token.generateSigningKey("a\nb"));
  }
}

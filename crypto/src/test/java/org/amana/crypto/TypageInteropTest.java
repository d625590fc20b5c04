package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.amana.crypto.pkcs11.Pkcs11Token;
import org.amana.crypto.testing.SoftHsm;
import org.amana.crypto.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * Interoperability with typage (npm age-encryption, the TypeScript age by age's authors), driven
 * through src/test/node/typage.mjs. Wherever a token is involved it is a real SoftHSM2 token opened
 * through {@link Pkcs11Token}: the code path a YubiKey takes.
 */
@TestInstance(Lifecycle.PER_CLASS)
class TypageInteropTest {
  private static final Path NODE_DIR = Path.of("src/test/node");
  private static final HexFormat HEX = HexFormat.of();

  private Path node;
  private Pkcs11Token token;
  private P256KeyAgreement tokenKey;
  private final byte[] plain = AgeTamperingTest.random(300_000); // more than four 64 KiB chunks

  @BeforeAll
  void setUp() throws Exception {
    node = Tools.require("node", "runs typage, the TypeScript age, for interoperability");
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
      String message = "typage is not installed in " + NODE_DIR.toAbsolutePath()
          + "; run ops/test, which runs npm ci there";
      if ("true".equals(System.getenv("CI"))) fail(message);
      System.err.println("SKIPPED TypageInteropTest: " + message);
      Assumptions.abort(message);
    }
    SoftHsm.Token softHsm = SoftHsm.token("amana-3");
    token = Pkcs11Token.open(softHsm.module(), softHsm.label(), softHsm.pin());
    tokenKey = token.generateAgreementKey("typage-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @AfterAll
  void tearDown() {
    if (token != null) token.close();
  }

  /** Runs typage.mjs with {@code args}, feeding {@code stdin}; asserts success and returns stdout. */
  private byte[] typage(byte[] stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(node.toString(), "typage.mjs"));
    command.addAll(List.of(args));
    Tools.Result r = Tools.run(command, stdin, NODE_DIR);
    assertEquals(0, r.exit(), () -> "typage.mjs " + args[0] + " failed: " + r.stderr());
    return r.stdout();
  }

  private static byte[] open(byte[] sealed, Identity identity) throws Exception {
    try (InputStream in = Age.open(new ByteArrayInputStream(sealed), List.of(identity))) {
      return in.readAllBytes();
    }
  }

  @Test
  void open_typageSealedToTokenTagRecipient_opensOnToken() throws Exception {
    P256TagIdentity identity = new P256TagIdentity(tokenKey);
    byte[] sealed = typage(plain, "encrypt", identity.recipient().encoded());
    assertArrayEquals(plain, open(sealed, identity));
  }

  @Test
  void open_typageSealedToPqRecipient_opens() throws Exception {
    try (MlKem768X25519Identity identity = MlKem768X25519Identity.generate()) {
      byte[] sealed = typage(plain, "encrypt", identity.recipient().encoded());
      assertArrayEquals(plain, open(sealed, identity));
    }
  }

  @Test
  void typageDecrypt_amanaSealedToPqRecipient_opens() throws Exception {
    try (MlKem768X25519Identity identity = MlKem768X25519Identity.generate()) {
      byte[] sealed = AgeTamperingTest.seal(plain, List.of(identity.recipient()), false);
      assertArrayEquals(plain, typage(sealed, "decrypt", identity.insecureEncoding()));
    }
  }

  @Test
  void open_typageSealedToTokenTagPqRecipient_opensOnToken() throws Exception {
    try (var generated = MlKem768P256TagIdentity.generateSeed(tokenKey.publicKey())) {
      byte[] seed = generated.insecureMlkemSeed();
      try (MlKem768P256TagIdentity identity = new MlKem768P256TagIdentity(tokenKey, seed)) {
        assertEquals(generated.recipient(), identity.recipient());
        byte[] sealed = typage(plain, "encrypt", generated.recipient().encoded());
        assertArrayEquals(plain, open(sealed, identity));
      } finally {
        Primitives.zero(seed);
      }
    }
  }

  @Test
  void typageDecryptTag_amanaSealedToSoftwareTagRecipient_opens() throws Exception {
    byte[] scalar = randomScalar();
    try (SoftwareP256 key = SoftwareP256.fromScalar(scalar)) {
      var recipient = P256TagRecipient.fromPublicKey(key.publicKey());
      byte[] sealed = AgeTamperingTest.seal(plain, List.of(recipient), false);
      assertArrayEquals(plain, typage(sealed, "decrypt-tag", HEX.formatHex(scalar)));
    }
  }

  @Test
  void typageDecryptTagPq_amanaSealedToSoftwareTagPqRecipient_opens() throws Exception {
    byte[] scalar = randomScalar();
    try (SoftwareP256 key = SoftwareP256.fromScalar(scalar);
        var generated = MlKem768P256TagIdentity.generateSeed(key.publicKey())) {
      byte[] sealed = AgeTamperingTest.seal(plain, List.of(generated.recipient()), false);
      String seedHex = HEX.formatHex(generated.insecureMlkemSeed());
      assertArrayEquals(plain, typage(sealed, "decrypt-tagpq", seedHex, HEX.formatHex(scalar)));
    }
  }

  @Test
  void open_typageSealedPivStanzaToTokenYubikeyRecipient_opensOnToken() throws Exception {
    String recipient = PivP256Recipient.fromPublicKey(tokenKey.publicKey()).encoded();
    byte[] sealed = typage(plain, "encrypt-piv", recipient);
    assertArrayEquals(plain, open(sealed, new PivP256Identity(tokenKey)));
  }

  @Test
  void open_typageSealedToTokenWithPayloadBitFlipped_throwsPayload() throws Exception {
    P256TagIdentity identity = new P256TagIdentity(tokenKey);
    byte[] sealed = typage(plain, "encrypt", identity.recipient().encoded());
    sealed[sealed.length - 1000] ^= 0x01; // in the last chunk, well past the header
    assertThrows(AgeException.Payload.class, () -> open(sealed, identity));
  }

  @Test
  void open_typageSealedToAnotherTagRecipient_throwsNoMatchWithoutTouchingToken() throws Exception {
    byte[] sealed;
    try (SoftwareP256 other = SoftwareP256.generate()) {
      sealed = typage(plain, "encrypt", P256TagRecipient.fromPublicKey(other.publicKey()).encoded());
    }
    AtomicInteger calls = new AtomicInteger();
    P256KeyAgreement counting = new P256KeyAgreement() {
      @Override
      public byte[] publicKey() {
        return tokenKey.publicKey();
      }

      @Override
      public byte[] agree(ECPublicKey peer) throws TokenException {
        calls.incrementAndGet();
        return tokenKey.agree(peer);
      }
    };
    assertThrows(AgeException.NoMatch.class, () -> open(sealed, new P256TagIdentity(counting)));
    assertEquals(0, calls.get(), "the token must not be asked to open a stanza tagged for another key");
  }

  /** A uniformly random P-256 scalar in [1, n-1], by rejection, that SoftwareP256 accepts. */
  private static byte[] randomScalar() {
    SecureRandom random = new SecureRandom();
    while (true) {
      byte[] s = new byte[32];
      random.nextBytes(s);
      BigInteger d = new BigInteger(1, s);
      if (d.signum() != 0 && d.compareTo(P256.BC.getN()) < 0) return s;
    }
  }
}

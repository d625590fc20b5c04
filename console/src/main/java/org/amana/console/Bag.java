package org.amana.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The names and small formats of an evidence bundle, a BagIt 1.0 bag (RFC 8493), shared by the
 * writer ({@link EvidenceBundle}) and the checker ({@link BundleCheck}). See docs/integrity-log.md.
 */
final class Bag {
  static final String BAGIT = "bagit.txt";
  static final String BAGIT_TEXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
  static final String INFO = "bag-info.txt";
  static final String MANIFEST_256 = "manifest-sha256.txt";
  static final String MANIFEST_512 = "manifest-sha512.txt";
  static final String TAGMANIFEST = "tagmanifest-sha256.txt";
  static final String SIGNATURE = "tagmanifest-sha256.txt.sig";
  static final String SIGNER_KEY = "signer-key.pem";
  static final String VERIFY = "VERIFY.md";
  /** The tag files the tag manifest covers, in its order; the signature covers the tag manifest. */
  static final List<String> TAGGED = List.of(BAGIT, INFO, MANIFEST_256, MANIFEST_512, SIGNER_KEY, VERIFY);

  static final String FACTS = "data/manifest-facts.json";
  static final String CUSTODY = "data/custody.json";
  static final String CONSENT = "data/consent.json";
  static final String LEAF = "data/proof/leaf.bin";
  static final String INCLUSION = "data/proof/inclusion.json";
  static final String CHECKPOINT = "data/proof/checkpoint.txt";
  static final String CHECKPOINT_BODY = "data/proof/checkpoint-body.txt";
  static final String CHECKPOINT_SIG = "data/proof/checkpoint.sig";
  static final String LOG_KEY = "data/proof/log-key.txt";
  static final String LOG_KEY_PEM = "data/proof/log-key.pem";
  static final String LOG = "data/proof/log.json";
  /** Everything a bundle holds under data/ besides the exported files in data/files/. */
  static final List<String> DATA = List.of(FACTS, CUSTODY, CONSENT, LEAF, INCLUSION, CHECKPOINT, CHECKPOINT_BODY, CHECKPOINT_SIG,
      LOG_KEY, LOG_KEY_PEM, LOG);
  static final String FACTS_FORMAT = "amana-evidence-facts/1";
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): what openssl reads as the log key. */
  private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

  private Bag() {}

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hex digest of a file, never following a link. */
  static String hash(Path file, String algorithm) throws IOException {
    MessageDigest d = digest(algorithm);
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) d.update(buf, 0, r);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  static String pem(byte[] spki) {
    StringBuilder b = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
    String s = Base64.getEncoder().encodeToString(spki);
    for (int i = 0; i < s.length(); i += 64) b.append(s, i, Math.min(s.length(), i + 64)).append('\n');
    return b.append("-----END PUBLIC KEY-----\n").toString();
  }

  static byte[] unpem(String pem) {
    String s = pem.strip();
    if (!s.startsWith("-----BEGIN PUBLIC KEY-----") || !s.endsWith("-----END PUBLIC KEY-----")) {
      throw new IllegalArgumentException("not a PEM public key");
    }
    return Base64.getMimeDecoder().decode(s.substring(26, s.length() - 24));
  }

  static String ed25519Pem(byte[] publicKey) {
    byte[] spki = new byte[ED25519_SPKI.length + publicKey.length];
    System.arraycopy(ED25519_SPKI, 0, spki, 0, ED25519_SPKI.length);
    System.arraycopy(publicKey, 0, spki, ED25519_SPKI.length, publicKey.length);
    return pem(spki);
  }

  /** A P-256 public key from its SubjectPublicKeyInfo. */
  static PublicKey ecKey(byte[] spki) {
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("not an EC public key");
    }
  }

  /** SHA-256 of a key's SubjectPublicKeyInfo, in hex: what a receiver compares with the published key. */
  static String fingerprint(byte[] spki) {
    return HexFormat.of().formatHex(digest("SHA-256").digest(spki));
  }
}

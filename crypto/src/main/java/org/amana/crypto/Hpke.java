package org.amana.crypto;

/**
 * The pieces of HPKE (RFC 9180) that age's tagged and post-quantum recipients need, in base mode
 * with HKDF-SHA256 and ChaCha20-Poly1305, written on {@link Primitives}. Hand-written rather than
 * Bouncy Castle's {@code HPKE} because a token holds the private key: only the ECDH runs on it,
 * and everything after the raw shared secret happens here.
 */
final class Hpke {
  /** DHKEM(P-256, HKDF-SHA256). */
  static final int KEM_DHKEM_P256 = 0x0010;
  /** MLKEM768-P256 (draft-ietf-hpke-pq). */
  static final int KEM_MLKEM768_P256 = 0x0050;
  /** MLKEM768-X25519, also known as X-Wing. */
  static final int KEM_MLKEM768_X25519 = 0x647a;

  private static final int KDF_HKDF_SHA256 = 0x0001;
  private static final int AEAD_CHACHA20_POLY1305 = 0x0003;
  private static final byte MODE_BASE = 0x00;
  private static final int KEY_SIZE = 32;
  private static final int NONCE_SIZE = 12;
  private static final byte[] VERSION = Primitives.ascii("HPKE-v1");
  private static final byte[] EMPTY = new byte[0];

  /** The key and base nonce of a context; one message is sealed, so the nonce is the base nonce. */
  record Context(byte[] key, byte[] nonce) {
    void zero() {
      Primitives.zero(key, nonce);
    }
  }

  private Hpke() {}

  /** suite_id for the key schedule: "HPKE" || kem || kdf || aead. */
  static byte[] suiteId(int kemId) {
    return Primitives.concat(Primitives.ascii("HPKE"), i2osp2(kemId), i2osp2(KDF_HKDF_SHA256), i2osp2(AEAD_CHACHA20_POLY1305));
  }

  /** suite_id inside a DHKEM: "KEM" || kem. */
  static byte[] kemSuiteId(int kemId) {
    return Primitives.concat(Primitives.ascii("KEM"), i2osp2(kemId));
  }

  static byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
    return Primitives.hkdfExtract(salt, VERSION, suiteId, Primitives.ascii(label), ikm);
  }

  static byte[] labeledExpand(byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
    byte[] labeledInfo = Primitives.concat(i2osp2(length), VERSION, suiteId, Primitives.ascii(label), info);
    return Primitives.hkdfExpand(prk, labeledInfo, length);
  }

  /**
   * DHKEM(P-256) ExtractAndExpand: the KEM shared secret from the raw 32-byte ECDH x-coordinate,
   * the 65-byte uncompressed ephemeral key and the recipient's 65-byte uncompressed key.
   */
  static byte[] dhkemP256SharedSecret(byte[] dh, byte[] enc, byte[] pkRm) {
    byte[] sid = kemSuiteId(KEM_DHKEM_P256);
    byte[] eaePrk = labeledExtract(sid, EMPTY, "eae_prk", dh);
    try {
      return labeledExpand(sid, eaePrk, "shared_secret", Primitives.concat(enc, pkRm), KEY_SIZE);
    } finally {
      Primitives.zero(eaePrk);
    }
  }

  /** KeySchedule in base mode (no PSK): the AEAD key and base nonce. */
  static Context keySchedule(int kemId, byte[] sharedSecret, byte[] info) {
    byte[] sid = suiteId(kemId);
    byte[] pskIdHash = labeledExtract(sid, EMPTY, "psk_id_hash", EMPTY);
    byte[] infoHash = labeledExtract(sid, EMPTY, "info_hash", info);
    byte[] context = Primitives.concat(new byte[] {MODE_BASE}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(sid, sharedSecret, "secret", EMPTY);
    try {
      return new Context(labeledExpand(sid, secret, "key", context, KEY_SIZE),
          labeledExpand(sid, secret, "base_nonce", context, NONCE_SIZE));
    } finally {
      Primitives.zero(secret);
    }
  }

  /** SealBase's single message with aad = "": the first sequence number, so nonce = base_nonce. */
  static byte[] seal(int kemId, byte[] sharedSecret, String info, byte[] plaintext) {
    Context c = keySchedule(kemId, sharedSecret, Primitives.ascii(info));
    try {
      return Primitives.seal(c.key(), c.nonce(), plaintext);
    } finally {
      c.zero();
    }
  }

  /** OpenBase's single message; null when the AEAD tag does not verify. */
  static byte[] open(int kemId, byte[] sharedSecret, String info, byte[] ciphertext) {
    Context c = keySchedule(kemId, sharedSecret, Primitives.ascii(info));
    try {
      return Primitives.open(c.key(), c.nonce(), ciphertext);
    } finally {
      c.zero();
    }
  }

  private static byte[] i2osp2(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }
}

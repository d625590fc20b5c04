package org.amana.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA-256, HMAC and ChaCha20-Poly1305 from the JDK (whose ChaCha20 has CPU intrinsics). */
final class Primitives {
  static final int FILE_KEY_SIZE = 16;
  static final byte[] ZERO_NONCE = new byte[12];
  private static final SecureRandom RANDOM = new SecureRandom();

  private Primitives() {}

  static byte[] random(int n) {
    byte[] out = new byte[n];
    RANDOM.nextBytes(out);
    return out;
  }

  static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // HMAC pads an empty key with zeros, so an empty salt is the same as 32 zero bytes (RFC 5869).
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[32] : key, "HmacSHA256"));
      for (byte[] p : parts) mac.update(p);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }

  static byte[] hkdfExtract(byte[] salt, byte[]... ikm) {
    return hmac(salt, ikm);
  }

  static byte[] hkdfExpand(byte[] prk, byte[] info, int length) {
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      t = hmac(prk, t, info, new byte[] {(byte) i});
      int n = Math.min(t.length, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    Arrays.fill(t, (byte) 0);
    return out;
  }

  /** HKDF-SHA-256 with 32 bytes of output, as age always uses it. */
  static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
    byte[] prk = hkdfExtract(salt, ikm);
    try {
      return hkdfExpand(prk, ascii(info), 32);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      return c.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  /** Opens an AEAD box; returns null when the tag does not verify. */
  static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext) {
    try {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      return c.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 unavailable", e);
    }
  }

  /**
   * Opens a 32-byte stanza body with a zero nonce and a one-time wrap key, as X25519 and piv-p256
   * do. The key is zeroed. A failed tag means the stanza is not for this identity.
   */
  static byte[] openFileKey(byte[] wrapKey, byte[] nonce, byte[] body) throws AgeException.NotMine {
    try {
      byte[] fileKey = open(wrapKey, nonce, body);
      if (fileKey == null) throw new AgeException.NotMine();
      return fileKey;
    } finally {
      Arrays.fill(wrapKey, (byte) 0);
    }
  }

  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) md.update(p);
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  static void zero(byte[]... arrays) {
    for (byte[] a : arrays) if (a != null) Arrays.fill(a, (byte) 0);
  }
}

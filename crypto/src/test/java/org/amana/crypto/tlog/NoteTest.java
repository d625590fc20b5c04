package org.amana.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signed notes and checkpoints. The known-answer vector is the PeterNeumann key and note of Go's
 * golang.org/x/mod/sumdb/note tests (also in the Rust signed_note crate): Ed25519 is deterministic,
 * so signing must give the same bytes.
 */
class NoteTest {
  private static final String SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final String VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  private static final String SIGNED = TEXT + "\n"
      + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  @Test
  void sign_knownKey_givesKnownNote() {
    try (NoteSigner signer = NoteSigner.parse(SKEY)) {
      assertEquals(VKEY, signer.verifier().encoded());
      assertEquals(SIGNED, signer.sign(TEXT).encoded());
      assertEquals(SKEY, signer.insecureEncoding());
    }
    assertEquals(TEXT, NoteVerifier.parse(VKEY).verify(SIGNED));
  }

  @Test
  void verify_alteredOrForeign_refused() {
    NoteVerifier v = NoteVerifier.parse(VKEY);
    assertThrows(NoteException.class, () -> v.verify(SIGNED.replace("problem is", "problem was")));
    try (NoteSigner other = NoteSigner.generate("PeterNeumann", new SecureRandom())) {
      // Same name, other key: a different key ID, so the line is ignored and no signature remains.
      assertThrows(NoteException.class, () -> v.verify(other.sign(TEXT).encoded()));
      // Our signature plus a foreign one: the foreign line is ignored.
      String both = SIGNED + other.sign(TEXT).encoded().substring(TEXT.length() + 1);
      assertEquals(TEXT, v.verify(both));
    }
  }

  @Test
  void parse_malformed_refused() {
    for (String bad : List.of("", TEXT, TEXT + "\n", TEXT + "\n\u2014 PeterNeumann x08go\n", TEXT + "\n- PeterNeumann AAAAAAA=\n",
        TEXT + "\n\u2014 Peter+Neumann AAAAAAA=\n", TEXT + "\n\u2014 PeterNeumann AAAAAAA=", "a\tb\n\n\u2014 k AAAAAAA=\n",
        TEXT + "\n\u2014 PeterNeumann AAAAAAA\n", TEXT + "\n\u2014 PeterNeumann AAAA\n")) {
      assertThrows(NoteException.class, () -> SignedNote.parse(bad), bad);
    }
    String many = TEXT + "\n" + "\u2014 k AAAAAAA=\n".repeat(SignedNote.MAX_SIGNATURES + 1);
    assertThrows(NoteException.class, () -> SignedNote.parse(many));
  }

  @Test
  void checkpoint_roundTrip_andStrictParse() {
    byte[] root = LogHash.emptyRoot();
    Checkpoint c = new Checkpoint("example.org/log", 20852163, root);
    assertEquals("example.org/log\n20852163\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", c.text());
    assertEquals(c, Checkpoint.parse(c.text()));
    assertArrayEquals(root, Checkpoint.parse(c.text()).root());
    for (String bad : List.of("o\n01\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "o\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
        "o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n", "\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
        "o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n", "o\n99999999999999999999\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
        "o\n1\nAAAA\n", "o\n1\n")) {
      assertThrows(NoteException.class, () -> Checkpoint.parse(bad), bad);
    }
  }

  @Test
  void verifierKey_wrongId_refused() {
    assertThrows(NoteException.class, () -> NoteVerifier.parse(VKEY.replace("c74f20a3", "c74f20a4")));
    assertThrows(NoteException.class, () -> NoteSigner.parse(SKEY.replace("c74f20a3", "00000000")));
  }
}

package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trips, and every kind of damage a stored or transmitted sealed file can suffer. */
class AgeTamperingTest {
  private static final int CHUNK = 64 * 1024;
  private static final int SEALED_CHUNK = CHUNK + 16;
  private final X25519Identity identity = X25519Identity.generate();

  static byte[] seal(byte[] plain, List<? extends Recipient> to, boolean armor) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream s = Age.seal(out, to, armor)) {
      s.write(plain);
    }
    return out.toByteArray();
  }

  static byte[] open(byte[] sealed, List<? extends Identity> ids) throws IOException {
    try (InputStream in = Age.openAny(new ByteArrayInputStream(sealed), ids)) {
      return in.readAllBytes();
    }
  }

  /** Reads until failure, returning how many plaintext bytes were released before it. */
  static long releasedBefore(byte[] sealed, List<? extends Identity> ids, Class<? extends Exception> expected) throws IOException {
    long[] n = {0};
    assertThrows(expected, () -> {
      try (InputStream in = Age.open(new ByteArrayInputStream(sealed), ids)) {
        byte[] buf = new byte[4096];
        for (int r; (r = in.read(buf)) >= 0; ) n[0] += r;
      }
    });
    return n[0];
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17, 8 * CHUNK, 8 * CHUNK + 1, 13 * CHUNK + 5})
  void sealOpen_variousSizes_roundTrip(int size) throws IOException {
    byte[] plain = random(size);
    for (boolean armor : new boolean[] {false, true}) {
      byte[] sealed = seal(plain, List.of(identity.recipient()), armor);
      assertArrayEquals(plain, open(sealed, List.of(identity)));
      for (int threads : new int[] {2, 3}) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream s = Age.seal(out, List.of(identity.recipient()), armor, threads)) {
          s.write(plain);
        }
        assertEquals(sealed.length, out.size(), "parallel sealing gives the same layout");
        try (InputStream in = Age.openAny(new ByteArrayInputStream(out.toByteArray()), List.of(identity), threads)) {
          assertArrayEquals(plain, in.readAllBytes());
        }
      }
    }
  }

  @Test
  void seal_exactChunkMultiple_endsWithFullFinalChunk() throws IOException {
    byte[] sealed = seal(random(2 * CHUNK), List.of(identity.recipient()), false);
    int headerAndNonce = sealed.length - 2 * SEALED_CHUNK;
    assertEquals(2 * SEALED_CHUNK, sealed.length - headerAndNonce, "no empty final chunk after full chunks");
  }

  @Test
  void open_manyRecipients_eachOpens() throws IOException {
    X25519Identity other = X25519Identity.generate();
    byte[] sealed = seal(random(1000), List.of(other.recipient(), identity.recipient()), false);
    assertArrayEquals(random(1000), open(sealed, List.of(identity)));
    assertArrayEquals(random(1000), open(sealed, List.of(other)));
  }

  @Test
  void open_wrongIdentity_noMatch() throws IOException {
    byte[] sealed = seal(random(10), List.of(identity.recipient()), false);
    assertThrows(AgeException.NoMatch.class, () -> open(sealed, List.of(X25519Identity.generate())));
  }

  @Test
  void open_flippedBitInStanzaBody_noMatchNotMacFailure() throws IOException {
    byte[] sealed = seal(random(10), List.of(identity.recipient()), false);
    String text = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
    int bodyLine = text.indexOf('\n', text.indexOf("-> X25519")) + 1;
    sealed[bodyLine + 5] ^= 0x01; // still base64, different body: the AEAD rejects it
    assertThrows(AgeException.class, () -> open(sealed, List.of(identity)));
    assertThrows(AgeException.NoMatch.class, () -> open(sealed, List.of(identity)));
  }

  @Test
  void open_flippedBitInStanzaShare_failsBeforePayload() throws IOException {
    byte[] sealed = seal(random(10), List.of(identity.recipient()), false);
    String text = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
    int share = text.indexOf("-> X25519 ") + 12;
    sealed[share] = (byte) (sealed[share] == 'A' ? 'B' : 'A');
    // A different share gives a different wrap key: the stanza no longer opens.
    assertThrows(AgeException.NoMatch.class, () -> open(sealed, List.of(identity)));
  }

  @Test
  void open_alteredMac_badMac() throws IOException {
    byte[] sealed = seal(random(10), List.of(identity.recipient()), false);
    String text = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
    int mac = text.indexOf("\n--- ") + 6;
    sealed[mac] = (byte) (sealed[mac] == 'A' ? 'B' : 'A');
    assertThrows(AgeException.BadMac.class, () -> open(sealed, List.of(identity)));
  }

  @Test
  void open_addedStanza_badMac() throws IOException {
    byte[] sealed = seal(random(10), List.of(identity.recipient()), false);
    String text = new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1);
    String forged = text.replaceFirst("\n--- ", "\n-> grease extra\n\n--- ");
    assertThrows(AgeException.BadMac.class, () -> open(forged.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), List.of(identity)));
  }

  @Test
  void open_flippedBitInEachChunk_tamperedAndReleasesOnlyEarlierChunks() throws IOException {
    byte[] plain = random(3 * CHUNK + 100);
    byte[] sealed = seal(plain, List.of(identity.recipient()), false);
    int payload = sealed.length - (3 * SEALED_CHUNK + 116);
    for (int chunk = 0; chunk < 4; chunk++) {
      byte[] copy = sealed.clone();
      copy[payload + chunk * SEALED_CHUNK + 7] ^= 0x40;
      assertEquals((long) chunk * CHUNK, releasedBefore(copy, List.of(identity), AgeException.Payload.class));
    }
  }

  @Test
  void open_truncatedAtChunkBoundary_truncated() throws IOException {
    byte[] sealed = seal(random(3 * CHUNK + 100), List.of(identity.recipient()), false);
    byte[] cut = Arrays.copyOf(sealed, sealed.length - 116);
    AgeException.Payload e = assertThrows(AgeException.Payload.class, () -> open(cut, List.of(identity)));
    assertEquals(AgeException.Payload.Kind.TRUNCATED, e.kind());
  }

  @Test
  void open_truncatedInsideChunk_tampered() throws IOException {
    byte[] sealed = seal(random(3 * CHUNK + 100), List.of(identity.recipient()), false);
    byte[] cut = Arrays.copyOf(sealed, sealed.length - 50);
    assertThrows(AgeException.Payload.class, () -> open(cut, List.of(identity)));
  }

  @Test
  void open_appendedBytes_trailingData() throws IOException {
    for (int size : new int[] {10, CHUNK}) {
      byte[] sealed = seal(random(size), List.of(identity.recipient()), false);
      byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
      AgeException.Payload e = assertThrows(AgeException.Payload.class, () -> open(longer, List.of(identity)));
      assertTrue(e.kind() == AgeException.Payload.Kind.TRAILING_DATA || e.kind() == AgeException.Payload.Kind.TAMPERED, e.kind().name());
    }
  }

  @Test
  void open_swappedChunks_tamperedAtFirstSwappedChunk() throws IOException {
    byte[] sealed = seal(random(3 * CHUNK + 100), List.of(identity.recipient()), false);
    int payload = sealed.length - (3 * SEALED_CHUNK + 116);
    byte[] swapped = sealed.clone();
    System.arraycopy(sealed, payload + SEALED_CHUNK, swapped, payload, SEALED_CHUNK);
    System.arraycopy(sealed, payload, swapped, payload + SEALED_CHUNK, SEALED_CHUNK);
    assertEquals(0, releasedBefore(swapped, List.of(identity), AgeException.Payload.class));
  }

  @Test
  void open_tooManyStanzas_malformed() {
    StringBuilder sb = new StringBuilder("age-encryption.org/v1\n");
    for (int i = 0; i <= Header.MAX_STANZAS; i++) sb.append("-> grease ").append(i).append("\n\n");
    sb.append("--- ").append("A".repeat(42)).append("g\n");
    assertThrows(AgeException.Malformed.class,
        () -> open(sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII), List.of(identity)));
  }

  @Test
  void open_hugeHeaderLine_malformedWithoutReadingItAll() {
    byte[] huge = new byte[64 << 20];
    Arrays.fill(huge, (byte) 'a');
    byte[] prefix = "age-encryption.org/v1\n-> ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, huge, 0, prefix.length);
    assertThrows(AgeException.Malformed.class, () -> open(huge, List.of(identity)));
  }

  @Test
  void seal_mixedPostQuantumAndClassic_refused() {
    Recipient pq = new Recipient() {
      @Override public List<Stanza> wrap(byte[] fileKey) { return List.of(); }
      @Override public boolean postQuantum() { return true; }
      @Override public String encoded() { return "test"; }
    };
    assertThrows(IllegalArgumentException.class, () -> seal(new byte[1], List.of(pq, identity.recipient()), false));
  }
}

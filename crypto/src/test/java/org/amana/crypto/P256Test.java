package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class P256Test {

  @Test
  void compressUncompress_validPoint_roundTrip() {
    try (SoftwareP256 k = SoftwareP256.generate()) {
      byte[] c = k.publicKey();
      byte[] u = P256.uncompress(c);
      assertEquals(65, u.length);
      assertEquals(0x04, u[0]);
      assertArrayEquals(c, P256.compress(u));
      assertArrayEquals(c, P256.compressed(P256.publicKey(c)));
    }
  }

  @Test
  void decode_offCurveUncompressed_rejected() {
    byte[] u = P256.uncompress(P256.BC.getG().getEncoded(true));
    assertThrows(IllegalArgumentException.class, () -> P256.decode(RecipientTesting.flipLastByte(u)));
  }

  @Test
  void decode_compressedXWithoutPoint_rejected() {
    // About half of all x have no y; search deterministically for one.
    for (int x = 1; ; x++) {
      byte[] c = new byte[33];
      c[0] = 0x02;
      c[32] = (byte) x;
      try {
        P256.decode(c);
      } catch (IllegalArgumentException e) {
        return;
      }
    }
  }

  @Test
  void decode_coordinateAboveP_rejected() {
    byte[] c = new byte[33];
    c[0] = 0x02;
    Arrays.fill(c, 1, 33, (byte) 0xff);
    assertThrows(IllegalArgumentException.class, () -> P256.decode(c));
  }

  @Test
  void decode_infinityOrWrongPrefix_rejected() {
    assertThrows(IllegalArgumentException.class, () -> P256.decode(new byte[] {0x00}));
    assertThrows(IllegalArgumentException.class, () -> P256.decode(new byte[33]));
    byte[] u = P256.BC.getG().getEncoded(false);
    byte[] hybrid = u.clone();
    hybrid[0] = 0x06;
    assertThrows(IllegalArgumentException.class, () -> P256.decode(hybrid));
    byte[] c = P256.compress(u);
    c[0] = 0x04;
    assertThrows(IllegalArgumentException.class, () -> P256.decode(c));
    assertThrows(IllegalArgumentException.class, () -> P256.decode(Arrays.copyOf(u, 64)));
  }

  @Test
  void agree_twoKeys_sameSecret() {
    try (SoftwareP256 a = SoftwareP256.generate(); SoftwareP256 b = SoftwareP256.generate()) {
      byte[] ab = a.agree(P256.publicKey(b.publicKey()));
      byte[] ba = b.agree(P256.publicKey(a.publicKey()));
      assertEquals(32, ab.length);
      assertArrayEquals(ab, ba);
    }
  }

  @Test
  void fromScalar_outOfRange_rejected() {
    assertThrows(IllegalArgumentException.class, () -> SoftwareP256.fromScalar(new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> SoftwareP256.fromScalar(new byte[31]));
    byte[] n = P256.fixed(P256.BC.getN().toByteArray(), 32);
    assertThrows(IllegalArgumentException.class, () -> SoftwareP256.fromScalar(n));
    byte[] nMinus1 = P256.fixed(P256.BC.getN().subtract(BigInteger.ONE).toByteArray(), 32);
    SoftwareP256.fromScalar(nMinus1).close();
  }

  @Test
  void fromScalar_one_isGenerator() {
    byte[] one = new byte[32];
    one[31] = 1;
    try (SoftwareP256 k = SoftwareP256.fromScalar(one)) {
      assertArrayEquals(P256.BC.getG().getEncoded(true), k.publicKey());
    }
  }

  @Test
  void agree_afterClose_refused() {
    SoftwareP256 k = SoftwareP256.generate();
    var peer = P256.publicKey(SoftwareP256.generate().publicKey());
    k.close();
    assertThrows(IllegalStateException.class, () -> k.agree(peer));
  }

  @Test
  void fixed_shortAndPaddedInputs_exactLength() {
    assertArrayEquals(new byte[] {0, 0, 1}, P256.fixed(new byte[] {1}, 3));
    assertArrayEquals(new byte[] {0, 0, 1}, P256.fixed(new byte[] {0, 0, 0, 1}, 3));
    assertThrows(IllegalArgumentException.class, () -> P256.fixed(new byte[] {1, 0, 0, 0}, 3));
  }

  @Test
  void agree_tokenDropsLeadingZeros_paddedTo32() throws Exception {
    P256KeyAgreement shortAnswer = new P256KeyAgreement() {
      @Override
      public byte[] publicKey() {
        return P256.BC.getG().getEncoded(true);
      }

      @Override
      public byte[] agree(java.security.interfaces.ECPublicKey peer) {
        return new byte[] {1, 2};
      }
    };
    byte[] expected = new byte[32];
    expected[30] = 1;
    expected[31] = 2;
    assertArrayEquals(expected, P256.agree(shortAnswer, P256.publicKey(P256.BC.getG().getEncoded(true))));
  }

  @Test
  void agree_tokenReturnsTooMuch_tokenException() {
    P256KeyAgreement longAnswer = new P256KeyAgreement() {
      @Override
      public byte[] publicKey() {
        return P256.BC.getG().getEncoded(true);
      }

      @Override
      public byte[] agree(java.security.interfaces.ECPublicKey peer) {
        byte[] out = new byte[33];
        out[0] = 1;
        return out;
      }
    };
    assertThrows(TokenException.class, () -> P256.agree(longAnswer, P256.publicKey(P256.BC.getG().getEncoded(true))));
  }
}

package org.amana.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EphemeralSpoolTest {
  @TempDir Path folder;

  @Test
  void writtenInPieces_readsBackAtAnyPosition_andTheDiskHoldsNoPlaintext() throws IOException {
    byte[] plain = new byte[300_000];
    new Random(1).nextBytes(plain);
    Arrays.fill(plain, 0, 100_000, (byte) 'A'); // a long run would show through on disk if it were not encrypted
    try (EphemeralSpool spool = new EphemeralSpool(folder, new SecureRandom())) {
      int[] pieces = {1, 15, 16, 17, 4096, 65_537, 100_000};
      int at = 0;
      for (int i = 0; at < plain.length; i++) {
        int n = Math.min(pieces[i % pieces.length], plain.length - at);
        spool.write(plain, at, n);
        at += n;
      }
      assertEquals(plain.length, spool.size());

      byte[] onDisk;
      try (var files = Files.list(folder)) {
        onDisk = Files.readAllBytes(files.findFirst().orElseThrow());
      }
      assertEquals(plain.length, onDisk.length);
      assertFalse(containsRun(onDisk, (byte) 'A', 32), "the run of A's is not on disk");

      Random random = new Random(2);
      try (SeekableByteChannel ch = spool.channel()) {
        for (int i = 0; i < 200; i++) {
          int from = random.nextInt(plain.length);
          int len = Math.min(1 + random.nextInt(70_000), plain.length - from);
          ByteBuffer dst = ByteBuffer.allocate(len);
          ch.position(from);
          while (dst.hasRemaining()) ch.read(dst);
          assertArrayEquals(Arrays.copyOfRange(plain, from, from + len), dst.array(), "at " + from);
        }
        ch.position(plain.length);
        assertEquals(-1, ch.read(ByteBuffer.allocate(1)));
      }
      assertArrayEquals(plain, spool.stream().readAllBytes());
    }
    try (var files = Files.list(folder)) {
      assertEquals(0, files.count(), "closing deletes the ciphertext");
    }
  }

  @Test
  void afterClose_noChannel() throws IOException {
    EphemeralSpool spool = new EphemeralSpool(folder, new SecureRandom());
    spool.write(new byte[] {1, 2, 3}, 0, 3);
    spool.close();
    assertThrows(ClosedChannelException.class, spool::channel);
  }

  private static boolean containsRun(byte[] b, byte value, int length) {
    int run = 0;
    for (byte x : b) {
      run = x == value ? run + 1 : 0;
      if (run >= length) return true;
    }
    return false;
  }
}

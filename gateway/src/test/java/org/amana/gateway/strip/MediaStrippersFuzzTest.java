package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Fuzz targets (Jazzer) for the media strippers, one per stripper. The oracle: arbitrary bytes
 * either fail with {@link StripException} or give a clean result; any other exception, an
 * {@link Error} (OutOfMemoryError included) or a hang is a finding. An accepted file must also be
 * a fixed point: stripping the output again succeeds and changes nothing (the output is a file the
 * stripper itself accepts, with nothing left to remove), and the output is never larger than the
 * input but for WAV's pad bytes.
 *
 * <p>{@code mvn verify} replays the seeds in
 * {@code src/test/resources/org/amana/gateway/strip/MediaStrippersFuzzTestInputs/<method>/};
 * {@code ops/fuzz METHOD SECONDS} fuzzes one target and keeps its findings there.
 */
class MediaStrippersFuzzTest {
  private static final StripLimits LIMITS = new StripLimits(64L << 20, 200, 32, 20_000, 120_000_000L, 1 << 20);

  @FuzzTest
  void mp3_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new Mp3Stripper(), input, 0);
  }

  @FuzzTest
  void flac_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new FlacStripper(), input, 0);
  }

  @FuzzTest
  void ogg_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new OggStripper(), input, 0);
  }

  @FuzzTest
  void wav_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new WavStripper(), input, 3);
  }

  @FuzzTest
  void mp4_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new Mp4Stripper(), input, 0);
  }

  private static void check(Stripper s, byte[] input, int slack) throws IOException {
    byte[] once;
    try {
      once = strip(s, input);
    } catch (StripException refused) {
      return;
    }
    assertTrue(once.length <= input.length + slack, "the output grew");
    byte[] twice;
    try {
      twice = strip(s, once);
    } catch (StripException e) {
      throw new AssertionError("the stripper refuses its own output", e);
    }
    assertArrayEquals(once, twice, "stripping the output again changed it");
  }

  private static byte[] strip(Stripper s, byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.strip(Source.of(input), out, LIMITS);
    return out.toByteArray();
  }
}

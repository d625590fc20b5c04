package org.amana.gateway.strip;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Fuzz targets (Jazzer) for the image strippers, one per format. Oracle: arbitrary bytes give a
 * cleaned file or a {@link StripException}, nothing else (no other exception, no
 * {@link Error} such as OutOfMemoryError, no hang); and a file a stripper wrote is accepted by
 * the same stripper again, so what it writes is well-formed by its own reading.
 *
 * <p>{@code mvn verify} replays the seeds and findings in
 * {@code src/test/resources/org/amana/gateway/strip/ImageStrippersFuzzTestInputs/<method>/};
 * {@code ops/fuzz METHOD SECONDS} fuzzes one target.
 */
class ImageStrippersFuzzTest {
  // Small limits, so that the fuzzer reaches the limit checks with small inputs.
  private static final StripLimits LIMITS = new StripLimits(16 << 20, 200, 16, 1000, 4_000_000, 1 << 20);

  @FuzzTest
  void jpeg_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new JpegStripper(), input);
  }

  @FuzzTest
  void png_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new PngStripper(), input);
  }

  @FuzzTest
  void gif_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new GifStripper(), input);
  }

  @FuzzTest
  void webp_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new WebpStripper(), input);
  }

  @FuzzTest
  void tiff_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new TiffStripper(), input);
  }

  @FuzzTest
  void heif_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new HeifStripper(), input);
  }

  @FuzzTest
  void svg_arbitraryBytes_onlyStripException(byte[] input) throws IOException {
    check(new SvgStripper(), input);
  }

  private static void check(Stripper stripper, byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      stripper.strip(Source.of(input), out, LIMITS);
    } catch (StripException refused) {
      return;
    }
    try {
      stripper.strip(Source.of(out.toByteArray()), new ByteArrayOutputStream(), LIMITS);
    } catch (StripException e) {
      throw new AssertionError("the stripper refuses its own output", e);
    }
  }
}

package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Fuzz targets (Jazzer) for the document strippers, one per stripper. Oracle: arbitrary bytes end
 * in a {@link StripException} or in a non-empty output; any other exception, an {@link Error}
 * (OutOfMemoryError, StackOverflowError) or a hang is a finding.
 *
 * <p>{@code mvn test} replays the seeds in
 * {@code src/test/resources/org/amana/gateway/strip/DocumentStrippersFuzzTestInputs/<method>/}
 * (corpus documents and small hand-made ones, and any {@code crash-*} finding kept as a regression
 * test); {@code ops/fuzz METHOD SECONDS} fuzzes one target.
 */
class DocumentStrippersFuzzTest {
  /** Smaller than the gateway's so that a bomb is refused in milliseconds and the fuzzer keeps its pace. */
  private static final StripLimits LIMITS = new StripLimits(8L << 20, 200, 32, 2_000, 120_000_000L, 1 << 20);

  @FuzzTest
  void pdf_arbitraryBytes_onlyStripException(byte[] input) {
    check(new PdfStripper(), input);
  }

  @FuzzTest
  void ooxml_arbitraryBytes_onlyStripException(byte[] input) {
    check(new OoxmlStripper(), input);
  }

  @FuzzTest
  void odf_arbitraryBytes_onlyStripException(byte[] input) {
    check(new OdfStripper(), input);
  }

  private static void check(Stripper stripper, byte[] input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      stripper.strip(Source.of(input), out, LIMITS);
    } catch (StripException refused) {
      return;
    } catch (IOException e) {
      // The source is in memory and the output a byte array: no I/O can fail.
      throw new AssertionError("an IOException that is not a StripException", e);
    }
    assertTrue(out.size() > 0, "accepted, but wrote nothing");
  }
}

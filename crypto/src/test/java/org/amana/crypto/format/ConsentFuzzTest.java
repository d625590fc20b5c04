package org.amana.crypto.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target (Jazzer) of the consent records' parsers, which read what a hostile gateway or a
 * hostile stick could hand the console. Oracle: only {@link FormatException} escapes, and whatever
 * parses re-encodes canonically to a record that parses to itself. {@code ops/fuzz} runs it.
 */
class ConsentFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void consent_anyText_formatExceptionOrCanonicalRoundTrip(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      Consent c = Consent.parse(text);
      assertEquals(c, Consent.parse(c.toJson()));
    } catch (FormatException expected) {
      // refused: the only allowed failure
    }
    try {
      ConsentEvent e = ConsentEvent.parse(text);
      assertEquals(e, ConsentEvent.parse(e.toJson()));
    } catch (FormatException expected) {
      // refused
    }
    try {
      ConsentRequest r = ConsentRequest.parse(text);
      assertEquals(r, ConsentRequest.parse(r.toJson()));
    } catch (FormatException expected) {
      // refused
    }
  }
}

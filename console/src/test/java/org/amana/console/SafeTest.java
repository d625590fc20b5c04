package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each hostile sequence a report may carry comes out as visible escapes, never raw. */
class SafeTest {

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("OSC 52 clipboard", "\u001b]52;c;ZWNobyBwd25lZA==\u0007", "\\u{1b}]52;c;ZWNobyBwd25lZA==\\u{7}"),
        Arguments.of("OSC 8 link", "\u001b]8;;http://x.example/\u001b\\a\u001b]8;;\u001b\\",
            "\\u{1b}]8;;http://x.example/\\u{1b}\\a\\u{1b}]8;;\\u{1b}\\"),
        Arguments.of("OSC 0 title", "\u001b]0;title\u0007", "\\u{1b}]0;title\\u{7}"),
        Arguments.of("CSI clear and move", "\u001b[2J\u001b[1;1H", "\\u{1b}[2J\\u{1b}[1;1H"),
        Arguments.of("C1 CSI", "\u009b2J", "\\u{9b}2J"),
        Arguments.of("C1 OSC and ST", "\u009d52;c;x\u009c", "\\u{9d}52;c;x\\u{9c}"),
        Arguments.of("NUL", "a\u0000b", "a\\u{0}b"),
        Arguments.of("carriage return", "ok\rfake", "ok\\u{d}fake"),
        Arguments.of("backspace and DEL", "x\u0008\u007f", "x\\u{8}\\u{7f}"),
        Arguments.of("RLO override", "\u202efdp.exe", "\\u{202e}fdp.exe"),
        Arguments.of("LRE, RLE, PDF, LRO", "\u202a\u202b\u202c\u202d", "\\u{202a}\\u{202b}\\u{202c}\\u{202d}"),
        Arguments.of("isolates", "\u2066a\u2067b\u2068c\u2069", "\\u{2066}a\\u{2067}b\\u{2068}c\\u{2069}"),
        Arguments.of("marks and BOM", "\u200e\u200f\u061c\ufeff", "\\u{200e}\\u{200f}\\u{61c}\\u{feff}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void text_hostileSequence_shownEscaped(String name, String hostile, String shown) {
    assertEquals(shown, Safe.text(hostile));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain words, Arabic تم تفتيش المكتب and emoji 🙂", "tab\there", "line one\nline two\n"})
  void text_ordinaryText_unchanged(String text) {
    assertEquals(text, Safe.text(text));
  }

  @Test
  void text_everyC0AndC1ControlButNewlineAndTab_escaped() {
    for (int c = 0; c < 0xa0; c++) {
      if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) continue;
      assertEquals(String.format("\\u{%x}", c), Safe.text(Character.toString(c)));
    }
  }
}

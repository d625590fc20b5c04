package org.amana.gateway.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amana.gateway.ingest.IngestException;
import org.junit.jupiter.api.Test;

class MessagesTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

  @Test
  void bundles_sameKeysEverywhere() {
    Set<String> english = new TreeSet<>(Messages.bundle("en").keySet());
    for (String code : Messages.CODES) {
      assertEquals(english, new TreeSet<>(Messages.bundle(code).keySet()), "keys of messages_" + code);
    }
  }

  @Test
  void bundles_samePlaceholdersAndNoEmptyValue() {
    Map<String, String> en = Messages.bundle("en");
    for (String code : Messages.CODES) {
      Map<String, String> other = Messages.bundle(code);
      for (var e : other.entrySet()) {
        assertFalse(e.getValue().isBlank(), code + " " + e.getKey());
        assertEquals(placeholders(en.get(e.getKey())), placeholders(e.getValue()), code + " " + e.getKey());
      }
    }
  }

  @Test
  void bundles_everyReasonHasTitleAndMessage() {
    Map<String, String> en = Messages.bundle("en");
    for (IngestException.Reason r : IngestException.Reason.values()) {
      String key = "error." + r.name().toLowerCase(Locale.ROOT);
      assertTrue(en.containsKey(key) && en.containsKey(key + ".title"), key);
    }
  }

  @Test
  void arabic_rightToLeftAndWrittenInArabic() {
    Messages messages = Messages.load();
    Language ar = messages.in("ar").orElseThrow().language();
    assertEquals("rtl", ar.dir());
    assertEquals("العربية", ar.name());
    for (var e : Messages.bundle("ar").entrySet()) {
      if (e.getKey().equals("lang.dir")) continue;
      assertTrue(e.getValue().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.ARABIC),
          "not translated: " + e.getKey());
    }
  }

  @Test
  void text_missingKey_marked() {
    Text en = Messages.load().english();
    assertEquals(Text.MISSING + "no.such.key" + Text.MISSING, en.get("no.such.key"));
  }

  @Test
  void text_arguments_literalAndEscapedInHtml() {
    Text en = Messages.load().english();
    assertEquals("Received on <b>{1}</b>.", en.get("visit.received", "<b>{1}</b>"));
    assertEquals("Received on &lt;b&gt;.", en.h("visit.received", "<b>"));
  }

  @Test
  void text_sizes_forPeople() {
    Text en = Messages.load().english();
    assertEquals("512 bytes", en.size(512));
    assertEquals("1.5 KB", en.size(1536));
    assertEquals("10 MB", en.size(10L << 20));
    assertEquals("2 GB", en.size(2L << 30));
    assertEquals("1.5 MB", en.size(1_536_000));
    assertEquals("200 MB", en.size(200L << 20));
    assertEquals("٢ غيغابايت".replace("٢", "2"), Messages.load().in("ar").orElseThrow().size(2L << 30));
  }

  @Test
  void language_onlyFromFirstPathSegment() {
    Messages messages = Messages.load();
    assertEquals("ar", messages.forPath("/ar/submit").language().code());
    assertEquals("en", messages.forPath("/xx/ar/").language().code());
    assertEquals("en", messages.forPath(null).language().code());
    assertEquals("ar", Messages.firstSegment("/ar"));
  }

  private static Set<String> placeholders(String s) {
    Set<String> found = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(s);
    while (m.find()) found.add(m.group());
    return found;
  }
}

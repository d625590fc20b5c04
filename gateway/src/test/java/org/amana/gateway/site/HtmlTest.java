package org.amana.gateway.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlTest {
  @Test
  void escape_markup_becomesText() {
    assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", Html.escape("<script>alert('x')</script>"));
    assertEquals("a &amp;amp; b", Html.escape("a &amp; b"));
    assertEquals("&quot; onmouseover=&quot;x", Html.escape("\" onmouseover=\"x"));
    assertEquals("&#39; autofocus onfocus=&#39;x", Html.escape("' autofocus onfocus='x"));
    assertEquals("&lt;/textarea&gt;&lt;img src=x&gt;", Html.escape("</textarea><img src=x>"));
  }

  @Test
  void escape_plainText_sameString() {
    String s = "An ordinary report — تقرير عادي, 100%";
    assertSame(s, Html.escape(s));
    assertEquals("", Html.escape(null));
  }

  @Test
  void escape_bidiControls_passThrough() {
    String s = "invoice\u202Egpj.exe \u2066x\u2069 \u200F";
    assertEquals(s, Html.escape(s));
  }

  @Test
  void escape_controlCharacters_replaced() {
    assertEquals("a\uFFFDb\uFFFDc\td\ne\rf", Html.escape("a\u0000b\u001bc\td\ne\rf"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<", ">", "\"", "'", "<!--", "]]>", "<svg/onload=x>", "javascript:x", "&#x3C;"})
  void escape_hostile_noActiveCharacterLeft(String hostile) {
    String escaped = Html.escape("x" + hostile + "y");
    assertFalse(escaped.contains("<") || escaped.contains(">") || escaped.contains("\"") || escaped.contains("'"));
    assertEquals(escaped.chars().filter(c -> c == '&').count(),
        escaped.split("&(amp|lt|gt|quot|#39);", -1).length - 1L, "every & starts an entity");
  }
}

package org.amana.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartEndTest {
  private static final String TYPE = "multipart/form-data; boundary=XyZ";
  private static final String FORM = "--XyZ\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\nhello\r\n--XyZ--";

  @Test
  void complete_closeDelimiterLast_true() {
    assertTrue(seen(TYPE, FORM + "\r\n", 1 << 16).complete());
    assertTrue(seen(TYPE, FORM, 1 << 16).complete());
    assertTrue(seen(TYPE, FORM.replace("\r\n", "\n") + "\n \t\r\n", 1 << 16).complete());
  }

  @Test
  void complete_closeDelimiterSplitAcrossChunksOfAnySize_true() {
    for (int chunk = 1; chunk <= FORM.length() + 2; chunk++) assertTrue(seen(TYPE, FORM + "\r\n", chunk).complete(), "chunks of " + chunk);
  }

  @Test
  void complete_bodyCutAnywhereBeforeTheEnd_false() {
    for (int cut = 0; cut < FORM.length(); cut++) assertFalse(seen(TYPE, FORM.substring(0, cut), 7).complete(), "cut at " + cut);
  }

  @Test
  void complete_closeDelimiterNotAtLineStartOrFollowedByData_false() {
    assertFalse(seen(TYPE, FORM.replace("\r\n--XyZ--", "--XyZ--"), 64).complete());
    assertFalse(seen(TYPE, FORM + "\r\nepilogue", 64).complete());
    assertFalse(seen(TYPE, FORM + "\r\n--XyZ\r\n", 64).complete());
    assertFalse(seen(TYPE, FORM + " ".repeat(200), 64).complete(), "more trailing space than tolerated");
  }

  @Test
  void of_contentTypes_boundaryOrNull() {
    assertNotNull(MultipartEnd.of("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"XyZ\""));
    assertTrue(seen("multipart/form-data;boundary=\"XyZ\"", FORM, 5).complete());
    assertNull(MultipartEnd.of(null));
    assertNull(MultipartEnd.of("application/x-www-form-urlencoded"));
    assertNull(MultipartEnd.of("multipart/form-data"));
    assertNull(MultipartEnd.of("multipart/form-data; boundary="));
    assertNull(MultipartEnd.of("multipart/mixed; boundary=XyZ"));
    assertEquals(null, MultipartEnd.of("multipart/form-data; boundary=" + "b".repeat(201)));
  }

  private static MultipartEnd seen(String type, String body, int chunk) {
    MultipartEnd end = MultipartEnd.of(type);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) end.seen(Buffer.buffer().appendBytes(bytes, i, Math.min(chunk, bytes.length - i)));
    return end;
  }
}

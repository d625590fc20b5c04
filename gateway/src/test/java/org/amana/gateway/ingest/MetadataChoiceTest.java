package org.amana.gateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetadataChoiceTest {
  private static final String B = "--b\r\n";

  private static String field(String name, String value) {
    return B + "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }

  private static String file(String content) {
    return B + "Content-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        + content + "\r\n";
  }

  /** The answer, with the body cut into two chunks at every possible place. */
  private static void assertChoice(boolean keep, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= b.length; cut++) {
      MetadataChoice c = new MetadataChoice("b");
      c.seen(Buffer.buffer().appendBytes(b, 0, cut));
      c.seen(Buffer.buffer().appendBytes(b, cut, b.length - cut));
      assertEquals(keep, c.keep(), "cut at " + cut);
    }
  }

  @Test
  void keepBeforeTheFiles_isKeep() {
    assertChoice(true, field("report", "text") + field("metadata", "keep") + file("x") + "--b--\r\n");
  }

  @Test
  void removeOrNoAnswer_isRemove() {
    assertChoice(false, field("metadata", "remove") + file("x") + "--b--\r\n");
    assertChoice(false, field("report", "text") + file("x") + "--b--\r\n");
    assertChoice(false, field("metadata", "keepsake") + file("x") + "--b--\r\n");
  }

  @Test
  void aReportQuotingPartHeaders_changesNothing() {
    String quoted = "Forwarded:\r\nContent-Disposition: attachment; filename=\"IMG_0412.jpg\"\r\n"
        + "Content-Disposition: form-data; name=\"metadata\"\r\n\r\nremove\r\n";
    assertChoice(true, field("report", quoted) + field("metadata", "keep") + file("x") + "--b--\r\n");
    assertChoice(false, field("report", quoted.replace("remove", "keep")) + field("metadata", "remove") + file("x") + "--b--\r\n");
  }

  @Test
  void noBoundary_isRemove() {
    MetadataChoice c = new MetadataChoice(null);
    c.seen(Buffer.buffer(field("metadata", "keep")));
    assertEquals(false, c.keep());
  }

  @Test
  void anAnswerAfterTheFirstFile_orInsideAFile_isIgnored() {
    assertChoice(false, file("x") + field("metadata", "keep") + "--b--\r\n");
    assertChoice(false, file("Content-Disposition: form-data; name=\"metadata\"\r\n\r\nkeep\r\n") + "--b--\r\n");
  }
}

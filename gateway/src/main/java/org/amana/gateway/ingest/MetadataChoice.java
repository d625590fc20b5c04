package org.amana.gateway.ingest;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The defender's answer to "remove hidden information, or keep my files as they are", read from the
 * raw body. The form asks it before its file field, but the multipart decoder hands form fields
 * over only when the whole body has arrived, long after the files have streamed by; so this watches
 * the body's bytes for the field itself.
 *
 * <p>It stops at the first file part: a file's contents can never set the answer. A field it does
 * not recognise, sent in another shape or after the files, leaves the protective default: remove.
 */
final class MetadataChoice {
  private static final byte[] FIELD =
      "Content-Disposition: form-data; name=\"metadata\"\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] FILE = "; filename=\"".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final int MAX_VALUE = 16;

  private byte[] window = new byte[0];
  private boolean keep;
  private boolean settled;

  /** Told every chunk of the raw body, in order, after the decoder has seen it. */
  void seen(Buffer chunk) {
    if (settled) return;
    byte[] data = new byte[window.length + chunk.length()];
    System.arraycopy(window, 0, data, 0, window.length);
    chunk.getBytes(0, chunk.length(), data, window.length);
    int field = indexOf(data, FIELD, 0);
    int file = indexOf(data, FILE, 0);
    if (file >= 0 && (field < 0 || file < field)) {
      settled = true; // the files began first: the default stands
    } else if (field >= 0) {
      int value = field + FIELD.length;
      int end = indexOf(data, CRLF, value);
      if (end >= 0) {
        keep = end - value == 4 && Arrays.equals(data, value, end, "keep".getBytes(StandardCharsets.ISO_8859_1), 0, 4);
        settled = true;
      } else if (data.length - value > MAX_VALUE) {
        settled = true; // not one of the form's two answers
      } else {
        window = Arrays.copyOfRange(data, field, data.length);
        return;
      }
    } else {
      window = Arrays.copyOfRange(data, Math.max(0, data.length - FIELD.length), data.length);
      return;
    }
    window = null;
  }

  /** Whether the defender asked to keep their files exactly as they are, as far as the body has shown. */
  boolean keep() {
    return keep;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}

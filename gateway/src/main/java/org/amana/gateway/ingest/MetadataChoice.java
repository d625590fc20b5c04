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
 * <p>Only part headers count: a line right after a boundary delimiter, which no field's content can
 * contain (the browser picks a boundary that occurs nowhere in the body). So a report that quotes
 * mail headers cannot change the answer. It stops at the first file part: a file's contents can
 * never set it. A field it does not recognise, or one sent after the files, leaves the protective
 * default: remove.
 */
final class MetadataChoice {
  private static final byte[] FIELD = "Content-Disposition: form-data; name=\"metadata\"".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] FILENAME = "filename=\"".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] KEEP = "keep".getBytes(StandardCharsets.ISO_8859_1);
  /** A part's first header line, its empty line and the answer fit in this; a longer one is not the form's. */
  private static final int MAX_HEADER = 1024;

  private final byte[] delimiter; // CRLF "--" boundary CRLF: the start of every part
  private byte[] window;
  private boolean keep;
  private boolean settled;

  /** @param boundary the request's multipart boundary; null leaves the default (remove) */
  MetadataChoice(String boundary) {
    this.delimiter = boundary == null ? null : ("\r\n--" + boundary + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    this.window = CRLF.clone(); // the body's first delimiter has no line break before it
    this.settled = boundary == null;
  }

  /** Told every chunk of the raw body, in order, after the decoder has seen it. */
  void seen(Buffer chunk) {
    if (settled) return;
    byte[] data = new byte[window.length + chunk.length()];
    System.arraycopy(window, 0, data, 0, window.length);
    chunk.getBytes(0, chunk.length(), data, window.length);
    int from = 0;
    while (!settled) {
      int part = indexOf(data, delimiter, from, data.length);
      if (part < 0) {
        // Keep enough to find a delimiter that straddles chunks.
        window = Arrays.copyOfRange(data, Math.max(from, data.length - delimiter.length + 1), data.length);
        return;
      }
      int line = part + delimiter.length;
      int lineEnd = indexOf(data, CRLF, line, Math.min(data.length, line + MAX_HEADER));
      if (lineEnd < 0) {
        if (data.length - line >= MAX_HEADER) { // not a header line the form writes
          from = line;
          continue;
        }
        window = Arrays.copyOfRange(data, part, data.length); // the header line is still arriving
        return;
      }
      if (indexOf(data, FILENAME, line, lineEnd) >= 0) {
        settled = true; // the first file part: the answer is whatever was seen before it
      } else if (lineEnd - line == FIELD.length && Arrays.equals(data, line, lineEnd, FIELD, 0, FIELD.length)) {
        // The form's field has no other header: an empty line, then the answer, then a line break.
        int value = lineEnd + 4;
        if (data.length < value) {
          window = Arrays.copyOfRange(data, part, data.length);
          return;
        }
        if (data[lineEnd + 2] != '\r' || data[lineEnd + 3] != '\n') {
          settled = true;
        } else {
          int end = indexOf(data, CRLF, value, Math.min(data.length, value + 16));
          if (end < 0 && data.length - value < 16) {
            window = Arrays.copyOfRange(data, part, data.length);
            return;
          }
          keep = end >= 0 && Arrays.equals(data, value, end, KEEP, 0, KEEP.length);
          settled = true;
        }
      } else {
        from = lineEnd; // another field: look for the next part
      }
    }
    window = null;
  }

  /** Whether the defender asked to keep their files exactly as they are, as far as the body has shown. */
  boolean keep() {
    return keep;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}

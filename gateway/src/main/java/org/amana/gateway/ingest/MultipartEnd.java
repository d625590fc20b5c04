package org.amana.gateway.ingest;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a multipart body really ended: its last bytes are the close delimiter
 * {@code --boundary--} at the start of a line (then at most line breaks and spaces). The HTTP body can end cleanly while
 * the multipart inside it is cut — in a part's headers, in a file, between parts — and the decoder
 * then neither fails nor finishes that part. Without this check such a body either commits what
 * came before the cut or waits for a file end that never comes. Keeps only the body's last bytes.
 */
final class MultipartEnd {
  private static final int SLACK = 64; // trailing line breaks and spaces tolerated after the close delimiter

  private final byte[] close;
  private final byte[] tail;
  private int length;

  private MultipartEnd(String boundary) {
    this.close = ("--" + boundary + "--").getBytes(StandardCharsets.ISO_8859_1);
    this.tail = new byte[close.length + SLACK];
  }

  /** For a request of this content type; null when it is not multipart/form-data with a boundary. */
  static MultipartEnd of(String contentType) {
    String b = boundary(contentType);
    return b == null ? null : new MultipartEnd(b);
  }

  /** The boundary of a multipart/form-data content type; null when there is none (or it is unreasonable). */
  static String boundary(String contentType) {
    if (contentType == null) return null;
    String[] params = contentType.split(";");
    if (!params[0].strip().toLowerCase(Locale.ROOT).equals("multipart/form-data")) return null;
    for (int i = 1; i < params.length; i++) {
      String p = params[i].strip();
      int eq = p.indexOf('=');
      if (eq < 0 || !p.substring(0, eq).strip().equalsIgnoreCase("boundary")) continue;
      String b = p.substring(eq + 1).strip();
      if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
      return b.isEmpty() || b.length() > 200 ? null : b; // RFC 2046 says 70 at most; be lenient
    }
    return null;
  }

  /** Told every chunk of the raw body, in order. */
  void seen(Buffer chunk) {
    int n = chunk.length();
    if (n >= tail.length) {
      chunk.getBytes(n - tail.length, n, tail, 0);
      length = tail.length;
      return;
    }
    int keep = Math.min(length, tail.length - n);
    System.arraycopy(tail, length - keep, tail, 0, keep);
    chunk.getBytes(0, n, tail, keep);
    length = keep + n;
  }

  /** Whether the body seen so far ends with the close delimiter, at the start of a line. */
  boolean complete() {
    int end = length;
    while (end > 0 && (tail[end - 1] == '\r' || tail[end - 1] == '\n' || tail[end - 1] == ' ' || tail[end - 1] == '\t')) end--;
    int start = end - close.length;
    return start > 0 && tail[start - 1] == '\n' && Arrays.equals(tail, start, end, close, 0, close.length);
  }
}

package org.amana.gateway;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The submit form posted over a plain socket, as a browser sends it, with every byte under the
 * caller's control: files streamed from generators (never whole in memory), optionally throttled
 * to a rate, so that an upload can arrive slowly (the benchmark) or still be in flight when the
 * gateway dies (the durability test).
 *
 * <p>The CSRF token is made up here: the site checks only that the session cookie and the form's
 * query parameter carry the same well-formed token (a double-submit cookie), which any browser that
 * opened the form would send.
 */
final class SocketUpload {
  private static final String BOUNDARY = "----amana-socket-upload";
  private static final Pattern RECEIPT = Pattern.compile("<p id=\"receipt\"[^>]*>([0-9 ]+)</p>");
  private static final int SLICE = 8 * 1024;

  private SocketUpload() {}

  /** A file part: its name and size, and where its bytes come from. */
  record File(String name, long size, Supplier<InputStream> content) {}

  /** The gateway's answer. */
  record Response(int status, String body) {
    /** The receipt shown on a receipt page ("1234 5678 …"); fails if there is none. */
    String receipt() {
      Matcher m = RECEIPT.matcher(body);
      if (status != 200 || !m.find()) throw new AssertionError("no receipt page (HTTP " + status + "): " + body);
      return m.group(1);
    }
  }

  /** A fresh well-formed CSRF token (43 characters of base64url). */
  static String token() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * Posts a submission that keeps its files as they are (the streaming path, where sealed rows
   * reach the database while the file still arrives) and waits for the answer.
   *
   * @param bytesPerSecond the pace of the whole body; 0 for as fast as the gateway takes it
   */
  static Response post(int port, String lang, String report, List<File> files, long bytesPerSecond) throws IOException {
    return post(port, lang, report, files, bytesPerSecond, "keep");
  }

  /**
   * Posts a submission with the form's most protective consent answers, and {@code metadata}
   * ("remove" or "keep") as the answer about hidden information, and waits for the answer.
   */
  static Response post(int port, String lang, String report, List<File> files, long bytesPerSecond, String metadata)
      throws IOException {
    StringBuilder fields = new StringBuilder();
    field(fields, "report", report);
    field(fields, "contact", "none");
    field(fields, "naming", "never");
    field(fields, "metadata", metadata);
    byte[] head = fields.toString().getBytes(StandardCharsets.UTF_8);
    byte[] end = ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    long length = head.length + end.length;
    for (File f : files) length += fileHead(f).length + f.size() + 2;

    String token = token();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout(600_000); // a 1 GiB upload is answered only after its commit
      Paced out = new Paced(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024), bytesPerSecond);
      try {
        out.write(("POST /" + lang + "/submit?csrf=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
            + "Cookie: amana_csrf=" + token + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
            + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(head);
        byte[] buf = new byte[64 * 1024];
        for (File f : files) {
          out.write(fileHead(f));
          try (InputStream in = f.content().get()) {
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
          }
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(end);
        out.flush();
      } catch (IOException e) {
        // The gateway may refuse early and close: its answer, if any, says why.
        return read(socket.getInputStream(), e);
      }
      return read(socket.getInputStream(), null);
    }
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append("--").append(BOUNDARY).append("\r\nContent-Disposition: form-data; name=\"").append(name)
        .append("\"\r\n\r\n").append(value).append("\r\n");
  }

  private static byte[] fileHead(File f) {
    return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + f.name()
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The whole answer (the connection closes after it); status line and body, headers dropped. */
  private static Response read(InputStream in, IOException sendFailure) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      in.transferTo(all);
    } catch (IOException e) {
      if (sendFailure != null) throw sendFailure;
      throw e;
    }
    String text = all.toString(StandardCharsets.UTF_8);
    if (!text.startsWith("HTTP/1.1 ")) {
      if (sendFailure != null) throw sendFailure;
      throw new IOException("not an HTTP answer: " + text);
    }
    int status = Integer.parseInt(text.substring(9, 12));
    int body = text.indexOf("\r\n\r\n");
    return new Response(status, body < 0 ? "" : text.substring(body + 4));
  }

  /** Writes at most {@code bytesPerSecond} on average (0: unpaced), in slices, flushing each. */
  private static final class Paced {
    private final OutputStream out;
    private final long bytesPerSecond;
    private final long start = System.nanoTime();
    private long sent;

    Paced(OutputStream out, long bytesPerSecond) {
      this.out = out;
      this.bytesPerSecond = bytesPerSecond;
    }

    void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
      if (bytesPerSecond == 0) {
        out.write(b, off, len);
        return;
      }
      for (int at = off; at < off + len; ) {
        int n = Math.min(SLICE, off + len - at);
        long due = start + sent * 1_000_000_000L / bytesPerSecond;
        for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
        out.write(b, at, n);
        out.flush();
        sent += n;
        at += n;
      }
    }

    void flush() throws IOException {
      out.flush();
    }
  }
}

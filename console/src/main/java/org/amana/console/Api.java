package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * The gateway's reviewer API, as the console sees it: JSON in and out, sealed bytes streamed.
 * Every refusal becomes a plain message; the server's own words are never printed (they could
 * carry escape sequences).
 */
final class Api {
  private static final int MAX_JSON = 16 << 20;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(20)).build();
  private final String base;
  private final String session;

  Api(String base, String session) {
    this.base = checkBase(base);
    this.session = session;
  }

  /** The API's address without a trailing slash; only http and https. */
  static String checkBase(String url) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw Exit.fail(Exit.USAGE, "--api needs an address such as http://127.0.0.1:8081 or http://…onion.");
    }
    if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
      throw Exit.fail(Exit.USAGE, "--api needs an http:// or https:// address, such as http://127.0.0.1:8081.");
    }
    return url.replaceAll("/+$", "");
  }

  JsonNode postJson(String path, JsonNode body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : State.JSON.writeValueAsBytes(body);
    return json(send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofByteArray(bytes))));
  }

  JsonNode getJson(String path) throws IOException {
    return json(send(request(path).GET()));
  }

  /** A short text answer (the log's key or checkpoint), as US-ASCII; refuses anything long. */
  String getText(String path) throws IOException {
    try (InputStream in = send(request(path).GET()).body()) {
      byte[] bytes = in.readNBytes(64 * 1024 + 1);
      if (bytes.length > 64 * 1024) throw Exit.fail(Exit.SERVER, "The gateway's answer is too large.");
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A blob's body, which the caller closes: from the offset asked for ({@code partial}), or whole. */
  record Download(InputStream body, boolean partial) {}

  /**
   * Streams a sealed blob of {@code size} bytes from byte {@code from} on (a range request when
   * {@code from > 0}). The gateway may send the whole blob instead (then not partial). Null when it
   * refuses the range (416): the caller starts again from 0.
   */
  Download download(String path, long from, long size) throws IOException {
    HttpRequest.Builder b = request(path).timeout(Duration.ofHours(12)).GET();
    if (from > 0) b.header("Range", "bytes=" + from + "-");
    HttpResponse<InputStream> r = exchange(b.build(), BodyHandlers.ofInputStream());
    if (r.statusCode() == 200) return new Download(r.body(), false);
    // Appending any other range than the one asked for would corrupt the part: accept only that one.
    String expected = "bytes " + from + "-" + (size - 1) + "/" + size;
    if (from > 0 && r.statusCode() == 206 && r.headers().firstValue("Content-Range").orElse("").equals(expected)) {
      return new Download(r.body(), true);
    }
    r.body().close();
    if (from > 0 && r.statusCode() == 416) return null;
    if (r.statusCode() == 206) {
      throw Exit.fail(Exit.SERVER, "The gateway answered with a range other than the one asked for. Try again later; "
          + "if it persists, report it to the operator.");
    }
    throw refusal(r.statusCode());
  }

  void postBytes(String path, byte[] body) throws IOException {
    HttpResponse<InputStream> r = send(request(path).header("Content-Type", "application/octet-stream")
        .POST(BodyPublishers.ofByteArray(body)));
    r.body().close();
  }

  /** Posts sealed bytes and reads the JSON answer. */
  JsonNode postSealed(String path, byte[] body) throws IOException {
    return json(send(request(path).header("Content-Type", "application/octet-stream").POST(BodyPublishers.ofByteArray(body))));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
    if (session != null) b.header("Authorization", "Bearer " + session);
    return b;
  }

  private HttpResponse<InputStream> send(HttpRequest.Builder b) throws IOException {
    HttpResponse<InputStream> r = exchange(b.build(), BodyHandlers.ofInputStream());
    if (r.statusCode() / 100 != 2) {
      r.body().close();
      throw refusal(r.statusCode());
    }
    return r;
  }

  private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return http.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Exit.fail(Exit.FAILED, "Interrupted.");
    }
  }

  private static JsonNode json(HttpResponse<InputStream> r) throws IOException {
    try (InputStream in = r.body()) {
      byte[] bytes = in.readNBytes(MAX_JSON + 1);
      if (bytes.length > MAX_JSON) throw Exit.fail(Exit.SERVER, "The gateway's answer is too large.");
      try {
        return State.JSON.readTree(bytes);
      } catch (IOException e) {
        throw Exit.fail(Exit.SERVER, "The gateway's answer is not valid JSON. Is --api the reviewer API's address?");
      }
    }
  }

  private static Exit.Failure refusal(int status) {
    return switch (status) {
      case 401 -> Exit.fail(Exit.LOGIN, "The gateway refused the session or the login (it may have expired, or this "
          + "reviewer was removed). Run 'amana-console login' again; if that fails, ask the operator.");
      case 404 -> Exit.fail(Exit.SERVER, "The gateway does not know this item (404). Is --api the reviewer API's address?");
      case 409 -> Exit.fail(Exit.SERVER, "The gateway refused it: this submission has no reply recipient (material added "
          + "at a check-in). Reply to that defender's first submission instead.");
      case 413 -> Exit.fail(Exit.SERVER, "The gateway refused it as too large.");
      default -> Exit.fail(Exit.SERVER, "The gateway refused the request (HTTP " + status + "). Try again later.");
    };
  }
}

package org.amana.gateway.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amana.gateway.Limits;

/** The site on a real HTTP server on a random port, with fake intake and check-in, and a client. */
final class SiteFixture implements AutoCloseable {
  static final Limits LIMITS = new Limits(10L << 20, 40L << 20, 5, 5_000, 200, 16, 16 * 1024);
  static final String BOUNDARY = "----amana-test-boundary";

  final FakeIntake intake = new FakeIntake();
  final FakeCheckIn checkIn = new FakeCheckIn();
  final Messages messages = Messages.load();
  final HttpServer server;
  final WebClient client;
  final int port;

  SiteFixture(Vertx vertx) {
    SiteRoutes site = new SiteRoutes(vertx, intake, checkIn, LIMITS, new SecureRandom());
    server = await(vertx.createHttpServer().requestHandler(site.routes()).listen(0, "127.0.0.1"));
    port = server.actualPort();
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setKeepAlive(false));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  HttpResponse<Buffer> get(String path) {
    return await(client.get(port, "127.0.0.1", path).send());
  }

  HttpResponse<Buffer> get(String path, String csrfCookie) {
    return await(client.get(port, "127.0.0.1", path).putHeader("Cookie", Csrf.COOKIE + "=" + csrfCookie).send());
  }

  /** Opens a form page and returns the CSRF token its session cookie carries. */
  String session(String lang) {
    HttpResponse<Buffer> page = get("/" + lang + "/submit");
    assertEquals(200, page.statusCode());
    String setCookie = page.getHeader("Set-Cookie");
    assertNotNull(setCookie, "a page with a form issues the session cookie");
    Matcher m = Pattern.compile(Csrf.COOKIE + "=([A-Za-z0-9_-]+)").matcher(setCookie);
    if (!m.find()) throw new AssertionError("no token in " + setCookie);
    return m.group(1);
  }

  HttpResponse<Buffer> postMultipart(String pathAndQuery, String cookie, Buffer body) {
    var request = client.post(port, "127.0.0.1", pathAndQuery)
        .putHeader("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
    if (cookie != null) request.putHeader("Cookie", Csrf.COOKIE + "=" + cookie);
    return await(request.sendBuffer(body));
  }

  HttpResponse<Buffer> postForm(String path, String cookie, MultiMap form) {
    var request = client.post(port, "127.0.0.1", path);
    if (cookie != null) request.putHeader("Cookie", Csrf.COOKIE + "=" + cookie);
    return await(request.sendForm(form));
  }

  /** A form with a report, the consent answers and one small file. */
  static Buffer submission() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("report", "What happened, in a test.");
    fields.put("contact", "none");
    fields.put("naming", "never");
    fields.put("metadata", "remove");
    return multipart(fields, "photo.jpg", "not really a photo".getBytes(StandardCharsets.UTF_8));
  }

  static Buffer multipart(Map<String, String> fields, String fileName, byte[] file) {
    Buffer b = Buffer.buffer();
    fields.forEach((name, value) -> b.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
        + name + "\"\r\n\r\n" + value + "\r\n"));
    b.appendString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + fileName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").appendBytes(file).appendString("\r\n");
    return b.appendString("--" + BOUNDARY + "--\r\n");
  }

  static MultiMap form(String... namesAndValues) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) form.add(namesAndValues[i], namesAndValues[i + 1]);
    return form;
  }

  @Override
  public void close() {
    client.close();
    await(server.close());
  }
}

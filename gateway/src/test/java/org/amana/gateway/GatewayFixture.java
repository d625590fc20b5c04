package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amana.gateway.api.ReviewerAuth;
import org.amana.storage.EmbeddedDatabase;

/**
 * One whole gateway for a test class: a real embedded PostgreSQL under {@code target/pg/NAME},
 * the gateway started in-process on free loopback ports with no demo identity, an HTTP client
 * that talks to it as a browser would (session cookie, CSRF token, multipart), a client for the
 * reviewer API, and a raw database connection for looking behind the store.
 */
final class GatewayFixture implements AutoCloseable {
  static final String CSRF_COOKIE = "amana_csrf";
  private static final Pattern COOKIE = Pattern.compile(CSRF_COOKIE + "=([A-Za-z0-9_-]{43})");
  private static final Pattern RECEIPT = Pattern.compile("<p id=\"receipt\"[^>]*>([0-9 ]+)</p>");

  final Path folder;
  final EmbeddedDatabase database;
  final Gateway gateway;
  final Vertx vertx = Vertx.vertx();
  final Pool raw;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
  /** Sent with every request (a test's distinctive User-Agent, for example). */
  final Map<String, String> headers = new LinkedHashMap<>();

  private GatewayFixture(Path folder, EmbeddedDatabase database, Gateway gateway) {
    this.folder = folder;
    this.database = database;
    this.gateway = gateway;
    this.raw = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(database.config().connectOptions())
        .using(vertx).build();
  }

  /** An empty database in target/pg/NAME and a gateway on it, with these limits and no recipient yet. */
  static GatewayFixture start(String name, Limits limits) throws Exception {
    Path folder = emptyFolder(name);
    EmbeddedDatabase db = EmbeddedDatabase.start(folder);
    try {
      Path keys = emptyFolder(name + "-keys");
      Gateway g = Gateway.start(new Gateway.Settings(db.config(), "127.0.0.1:0", "127.0.0.1:0", limits, 0, null,
          keys.resolve("log.key"), Duration.ofDays(1)), new PrintWriter(System.out, true));
      return new GatewayFixture(folder, db, g);
    } catch (Exception | Error e) {
      db.close();
      throw e;
    }
  }

  static Path emptyFolder(String name) throws IOException {
    Path folder = Path.of("target", "pg", name).toAbsolutePath();
    if (Files.exists(folder)) {
      try (Stream<Path> paths = Files.walk(folder)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    return folder;
  }

  Gateway gateway() {
    return gateway;
  }

  /** The log key file (and, beside it, the witness file of the newest checkpoint). */
  Path logKey() {
    return folder.resolveSibling(folder.getFileName() + "-keys").resolve("log.key");
  }

  /** postgresql://… for the operator commands' --database-url. */
  String databaseUrl() {
    var c = database.config();
    return "postgresql://" + c.user() + ":" + URLEncoder.encode(c.password(), StandardCharsets.UTF_8) + "@127.0.0.1:"
        + c.port() + "/" + c.database();
  }

  // ---- the site, as a browser

  URI site(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + gateway.sitePort() + pathAndQuery);
  }

  HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
    headers.forEach(b::header);
    return b;
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
    HttpRequest.Builder b = request(site(path)).GET();
    if (cookie != null) b.header("Cookie", CSRF_COOKIE + "=" + cookie);
    return send(b.build());
  }

  /** Opens the submit form, as a first visit does, and returns the session's CSRF token. */
  String session(String lang) throws IOException, InterruptedException {
    HttpResponse<String> page = get("/" + lang + "/submit", null);
    assertEquals(200, page.statusCode());
    Matcher m = COOKIE.matcher(page.headers().firstValue("Set-Cookie").orElse(""));
    if (!m.find()) throw new AssertionError("the submit form set no CSRF cookie");
    return m.group(1);
  }

  /** Posts the form as the submit page's form would (cookie, and the token in the query string). */
  HttpResponse<String> submit(String lang, String cookie, String csrfQuery, Multipart form)
      throws IOException, InterruptedException {
    String query = csrfQuery == null ? "" : "?csrf=" + URLEncoder.encode(csrfQuery, StandardCharsets.UTF_8);
    HttpRequest.Builder b = request(site("/" + lang + "/submit" + query))
        .header("Content-Type", form.contentType()).POST(form.publisher());
    if (cookie != null) b.header("Cookie", CSRF_COOKIE + "=" + cookie);
    return send(b.build());
  }

  HttpResponse<String> submit(String lang, String cookie, Multipart form) throws IOException, InterruptedException {
    return submit(lang, cookie, cookie, form);
  }

  /** Comes back with a receipt, typed as the defender likes. */
  HttpResponse<String> checkIn(String lang, String cookie, String typedReceipt) throws IOException, InterruptedException {
    String form = "csrf=" + URLEncoder.encode(cookie, StandardCharsets.UTF_8) + "&receipt="
        + URLEncoder.encode(typedReceipt, StandardCharsets.UTF_8);
    return send(request(site("/" + lang + "/check-in")).header("Cookie", CSRF_COOKIE + "=" + cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form)).build());
  }

  private static final Pattern PENDING = Pattern.compile("name=\"pending\" value=\"([A-Za-z0-9_-]+)\"");
  private static final Pattern SEND = Pattern.compile("name=\"(send_[0-9]+)\" value=\"yes\"");

  /** Whether {@code html} is the page that asks about files that could not be cleaned. */
  static boolean asksForDecision(String html) {
    return html.contains("/submit/decide\"");
  }

  /** Answers that page as a defender would: every flagged file sent as it is, or every one left out. */
  HttpResponse<String> decide(String lang, String cookie, String decisionPage, boolean sendAsTheyAre)
      throws IOException, InterruptedException {
    Matcher pending = PENDING.matcher(decisionPage);
    if (!pending.find()) throw new AssertionError("no pending upload on the page");
    StringBuilder form = new StringBuilder("csrf=" + URLEncoder.encode(cookie, StandardCharsets.UTF_8) + "&pending=" + pending.group(1));
    Matcher send = SEND.matcher(decisionPage);
    while (send.find()) form.append('&').append(send.group(1)).append('=').append(sendAsTheyAre ? "yes" : "no");
    return send(request(site("/" + lang + "/submit/decide")).header("Cookie", CSRF_COOKIE + "=" + cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form.toString())).build());
  }

  /** Cancels the upload that page holds: everything stored for it is deleted. */
  HttpResponse<String> cancel(String lang, String cookie, String decisionPage) throws IOException, InterruptedException {
    Matcher pending = PENDING.matcher(decisionPage);
    if (!pending.find()) throw new AssertionError("no pending upload on the page");
    String form = "csrf=" + URLEncoder.encode(cookie, StandardCharsets.UTF_8) + "&pending=" + pending.group(1);
    return send(request(site("/" + lang + "/submit/cancel")).header("Cookie", CSRF_COOKIE + "=" + cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form)).build());
  }

  /** The receipt's 20 digits from a receipt page. */
  static String receipt(String html) {
    Matcher m = RECEIPT.matcher(html);
    if (!m.find()) throw new AssertionError("no receipt on the page");
    String digits = m.group(1).replace(" ", "");
    assertEquals(20, digits.length(), "a receipt has 20 digits");
    return digits;
  }

  // ---- the reviewer API

  URI api(String path) {
    return URI.create("http://127.0.0.1:" + gateway.apiPort() + path);
  }

  HttpResponse<String> apiPost(String path, String session, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = request(api(path)).POST(BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
    if (session != null) b.header("Authorization", "Bearer " + session);
    return send(b.build());
  }

  HttpResponse<String> apiGet(String path, String session) throws IOException, InterruptedException {
    HttpRequest.Builder b = request(api(path)).GET();
    if (session != null) b.header("Authorization", "Bearer " + session);
    return send(b.build());
  }

  String challenge() throws IOException, InterruptedException {
    HttpResponse<String> r = apiPost("/api/v1/login/challenge", null, "application/json", new byte[0]);
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("challenge");
  }

  HttpResponse<String> login(String loginKeyBase64, String challenge, String signatureBase64)
      throws IOException, InterruptedException {
    JsonObject body = new JsonObject().put("loginKey", loginKeyBase64).put("challenge", challenge)
        .put("signature", signatureBase64);
    return apiPost("/api/v1/login", null, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** Enrolls a fresh software login key (P-256) as a reviewer and returns a reviewer-API session for it. */
  String reviewerSession() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    gateway.store().addReviewer("test reviewer", pair.getPublic().getEncoded()).await();
    String challenge = challenge();
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(pair.getPrivate());
    s.update((ReviewerAuth.SIGNED_PREFIX + challenge).getBytes(StandardCharsets.US_ASCII));
    Base64.Encoder b64 = Base64.getEncoder();
    HttpResponse<String> r = login(b64.encodeToString(pair.getPublic().getEncoded()), challenge, b64.encodeToString(s.sign()));
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("session");
  }

  // ---- behind the store

  long count(String sql) {
    Row row = raw.query(sql).execute().await().iterator().next();
    return row.getLong(0);
  }

  List<String> texts(String sql) {
    List<String> out = new ArrayList<>();
    for (Row row : raw.query(sql).execute().await()) out.add(row.getString(0));
    return out;
  }

  void sql(String sql) {
    raw.query(sql).execute().await();
  }

  /**
   * Waits (up to 10 s: removal of a refused upload runs after the refusal page is sent) until no
   * upload is half-stored, then asserts that exactly {@code committed} submissions are visible.
   */
  void assertNothingHalfStored(int committed) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (leftovers() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
    assertEquals(0, count("SELECT count(*) FROM submissions WHERE state = 'receiving'"), "a submission is left receiving");
    assertEquals(0, leftovers(), "blobs or chunks of an uncommitted submission are left");
    assertEquals(committed, gateway.store().listCommitted().await().size(), "committed submissions");
    assertEquals(committed, count("SELECT count(*) FROM submissions"), "submissions in the database");
  }

  private long leftovers() {
    return count("""
        SELECT (SELECT count(*) FROM submissions WHERE state <> 'committed')
             + (SELECT count(*) FROM blobs b JOIN submissions s ON s.id = b.submission_id WHERE s.state <> 'committed')
             + (SELECT count(*) FROM blob_chunks c LEFT JOIN blobs b ON b.id = c.blob_id
                  LEFT JOIN submissions s ON s.id = b.submission_id WHERE s.state IS DISTINCT FROM 'committed')""");
  }

  @Override
  public void close() throws Exception {
    try {
      gateway.close();
      raw.close().await();
      vertx.close().await();
    } finally {
      database.close();
    }
  }
}

package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import org.amana.crypto.X25519Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No traces: every request of a visit — pages, a submission, a refused upload, check-ins, the
 * reviewer API — carries a distinctive User-Agent and forwarded addresses. Everything the gateway
 * then writes to standard output, standard error and java.util.logging, every row of every table,
 * and the files of the database, the temporary folders and the working directory contain none of
 * them, nor the client's own address; and no stored value holds a time of day.
 */
class NoTracesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Made for this run, so that no file can hold it before the test. */
  private static final String PROBE = "probe" + HexFormat.of().formatHex(bytes(8));
  private static final String AGENT = "Mozilla/5.0 (X11; Linux x86_64) " + PROBE;
  private static final String FORWARDED = "203.0.113." + (1 + RANDOM.nextInt(250));
  private static final String REAL_IP = "198.51.100." + (1 + RANDOM.nextInt(250));
  private static final Pattern TIME_OF_DAY = Pattern.compile("\\d{2}:\\d{2}(:\\d{2})?");

  private static GatewayFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = GatewayFixture.start("no-traces", Limits.defaults());
    try (X25519Identity reviewer = X25519Identity.generate()) {
      fx.gateway.store().addRecipient(reviewer.recipient().encoded(), "traces test", null).await();
    }
    fx.headers.put("User-Agent", AGENT);
    fx.headers.put("X-Forwarded-For", FORWARDED + ", " + REAL_IP);
    fx.headers.put("X-Real-IP", REAL_IP);
    fx.headers.put("Forwarded", "for=" + FORWARDED + ";proto=http");
    fx.headers.put("Referer", "http://" + FORWARDED + "/from");
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void visit_distinctiveAgentAndForwardedAddresses_leaveNoTraceInLogsDatabaseOrFiles() throws Exception {
    Capture capture = Capture.start();
    try {
      visit();
    } finally {
      capture.stop();
    }
    String logs = capture.text();
    for (String needle : List.of(PROBE, FORWARDED, REAL_IP, "127.0.0.1")) {
      assertFalse(logs.contains(needle), "the gateway's output names " + needle);
    }

    List<String> rows = new ArrayList<>();
    for (String table : fx.texts("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
      List<String> dump = fx.texts("SELECT row_to_json(t)::text FROM \"" + table + "\" t");
      rows.addAll(dump);
      if (table.equals("flyway_schema_history")) continue; // when the schema was migrated, no visitor's time
      for (String row : dump) assertFalse(TIME_OF_DAY.matcher(row).find(), table + " stores a time of day: " + row);
    }
    assertTrue(rows.size() > 10, "the dump has the visit's rows");
    String dump = String.join("\n", rows);
    for (String needle : List.of(PROBE, FORWARDED, REAL_IP, "127.0.0.1")) {
      assertFalse(dump.contains(needle), "the database stores " + needle);
    }

    fx.sql("CHECKPOINT");
    // The agent's random part only: documentation addresses such as 203.0.113.x may be in any file.
    DiskSearch search = new DiskSearch(List.of(bytes(PROBE)))
        .under(fx.folder, Path.of(System.getProperty("java.io.tmpdir")), Path.of("").toAbsolutePath());
    assertEquals(List.of(), search.hits(), search.summary());
  }

  /** A defender's visit and a reviewer's, with every kind of answer the site gives. */
  private static void visit() throws Exception {
    assertEquals(303, fx.get("/", null).statusCode());
    assertEquals(200, fx.get("/ar/", null).statusCode());
    assertEquals(404, fx.get("/en/nowhere", null).statusCode());
    assertEquals(404, fx.get("/xx/", null).statusCode());
    String cookie = fx.session("en");
    HttpResponse<String> accepted = fx.submit("en", cookie, new Multipart().field("report", "A report.")
        .file("files", "a.txt", "text/plain", "evidence".getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, accepted.statusCode());
    String receipt = GatewayFixture.receipt(accepted.body());
    assertEquals(403, fx.submit("en", cookie, "wrong", new Multipart().field("report", "x")).statusCode());
    assertEquals(400, fx.submit("en", cookie, new Multipart().field("report", " ")).statusCode());
    HttpResponse<String> garbage = fx.send(fx.request(fx.site("/en/submit?csrf=" + cookie))
        .header("Cookie", GatewayFixture.CSRF_COOKIE + "=" + cookie).header("Content-Type", "multipart/form-data; boundary=zz")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--zz\r\nnot a part")).build());
    assertEquals(400, garbage.statusCode());
    assertEquals(200, fx.checkIn("en", cookie, receipt).statusCode());
    assertTrue(fx.checkIn("ar", cookie, "1234").body().contains("role=\"alert\""), "an unknown receipt is told so");
    try { // refused before routing: a header block over the limit
      fx.send(fx.request(fx.site("/en/")).header("X-Padding", "p".repeat(20_000)).GET().build());
    } catch (IOException e) {
      // closed without a page: also a refusal
    }
    assertEquals(401, fx.apiGet("/api/v1/submissions", "no-such-session").statusCode());
    assertEquals(401, fx.login("AAAA", fx.challenge(), "AAAA").statusCode());
    fx.assertNothingHalfStored(1);
  }

  /** Everything written to System.out, System.err and java.util.logging while it runs. */
  private static final class Capture extends Handler {
    private final ByteArrayOutputStream streams = new ByteArrayOutputStream();
    private final StringWriter records = new StringWriter();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    static Capture start() {
      Capture c = new Capture();
      c.setFormatter(new SimpleFormatter());
      c.setLevel(Level.ALL);
      Logger.getLogger("").addHandler(c);
      System.setOut(new PrintStream(new Tee(c.out, c.streams), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(c.err, c.streams), true, StandardCharsets.UTF_8));
      return c;
    }

    void stop() {
      System.setOut(out);
      System.setErr(err);
      Logger.getLogger("").removeHandler(this);
    }

    String text() {
      return records + "\n" + streams.toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void publish(LogRecord record) {
      records.write(getFormatter().format(record));
      if (record.getParameters() != null) {
        for (Object p : record.getParameters()) records.write(" " + p);
      }
      if (record.getThrown() != null) record.getThrown().printStackTrace(new PrintWriter(records));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      original.write(b);
      copy.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      original.write(b, off, len);
      copy.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      original.flush();
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package org.amana.gateway;

import static org.amana.gateway.ReviewerAtConsole.console;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amana.gateway.ReviewerAtConsole.Result;
import org.amana.storage.LogLeaf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consent end to end, through the real gateway (embedded PostgreSQL) and the real console with a
 * SoftHSM2 token: a defender allows UN mechanisms and a channel; the reviewer may raise and
 * contact but an export for public advocacy is refused with the reason; the reviewer asks, the
 * defender says yes at check-in, and the same export succeeds; the defender withdraws, and every
 * action beyond reading is refused at once. The action log records each step, the gateway's
 * integrity log holds each as a custody event, and an edited log entry is detected.
 */
class ConsentFlowTest {
  private static final String CHANNEL = "Signal +000 \u001b[2Jwiped";
  private static GatewayFixture fx;
  private static ReviewerAtConsole reviewer;
  private static String receipt;
  private static String cookie;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    reviewer = new ReviewerAtConsole("amana-3", dir);
    fx = GatewayFixture.start("consent-flow", Limits.defaults());
    reviewer.enroll(fx);
    cookie = fx.session("en");
    Multipart form = new Multipart().field("report", "Raided on Tuesday.").field("contact", "channel")
        .field("contact_channel", CHANNEL).field("use_un", "on").field("naming", "ask")
        .file("files", "statement.txt", "text/plain", "A witness statement.\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> page = fx.submit("en", cookie, form);
    assertEquals(200, page.statusCode(), page.body());
    receipt = GatewayFixture.receipt(page.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void refusedThenGrantedThenWithdrawn_everyStepEnforcedAndLogged() throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    reviewer.login(fx, home);
    String id = ReviewerAtConsole.firstId(console(0, "pull", "--home", home).out());

    String history = console(0, reviewer.withToken("consent", id, "--home", home)).out();
    assertTrue(history.contains("given with the submission: uses: record un; contact channel; naming ask"), history);
    assertTrue(history.contains("fetched from the gateway just now"), history);
    assertFalse(history.contains("\u001b"), "nothing raw reaches the terminal");

    Result refused = console(12, reviewer.withToken("export", id, "--for", "public", "--to", privateDir(), "--home", home));
    assertTrue(refused.err().contains("has not consented to use public") && refused.err().contains("consent request " + id),
        refused.toString());
    assertTrue(refused.err().contains("integrity log leaf"), "the refusal is reported: " + refused);

    assertTrue(console(0, reviewer.withToken("mark-raised", id, "--with", "Special Rapporteur on HRDs", "--home", home)).out()
        .contains("raised with Special Rapporteur on HRDs"));
    String contact = console(0, reviewer.withToken("contact", id, "--home", home)).out();
    assertTrue(contact.contains("Signal +000 \\u{1b}[2Jwiped") && contact.contains("Before you contact"), contact);
    assertEquals(12, exit(reviewer.withToken("publish", id, "--home", home)));

    // The reviewer asks; the defender reads the question at check-in and says yes.
    console(0, "consent", "request", id, "--action", "public", "--text", "May we cite your report in our statement?", "--home", home);
    String visit = checkIn();
    assertTrue(visit.contains("May we cite your report in our statement?") && visit.contains("May we use your report in public advocacy?"), visit);
    HttpResponse<String> yes = post("answer", hidden(visit, "answer"), "answer", "yes");
    assertEquals(200, yes.statusCode(), yes.body());
    assertTrue(yes.body().contains("Your new answers are recorded") && yes.body().contains("Use it in public advocacy."), yes.body());
    assertFalse(checkIn().contains("May we cite your report"), "an answered request is not asked again");

    Path to = privateDir();
    Result exported = console(0, reviewer.withToken("export", id, "--for", "public", "--to", to, "--home", home));
    assertTrue(exported.out().contains("Recorded as entry") && Files.isRegularFile(to.resolve("file-1.txt")), exported.toString());
    String after = console(0, reviewer.withToken("consent", id, "--home", home)).out();
    assertTrue(after.contains("answered request") && after.contains("(yes)") && after.contains("uses: record un public"), after);

    // The defender withdraws: every action beyond reading stops at once.
    HttpResponse<String> withdrawn = post("withdraw", hidden(checkIn(), "withdraw"));
    assertTrue(withdrawn.body().contains("Your consent is withdrawn") && withdrawn.body().contains("cannot be undone"), withdrawn.body());
    for (Object[] action : List.of(reviewer.withToken("export", id, "--to", privateDir(), "--home", home),
        reviewer.withToken("export", id, "--for", "public", "--to", privateDir(), "--home", home),
        reviewer.withToken("mark-raised", id, "--with", "UPR", "--home", home),
        reviewer.withToken("publish", id, "--home", home), reviewer.withToken("contact", id, "--home", home))) {
      Result r = console(12, action);
      assertTrue(r.err().contains("withdrew consent"), r.toString());
    }
    assertTrue(console(0, reviewer.withToken("open", id, "--home", home)).out().contains("Raided on Tuesday."), "reading stays allowed");
    assertTrue(checkIn().contains("You withdrew your consent"));

    // Every step is in the action log and, as a custody event, in the gateway's integrity log.
    List<String> log = Files.readAllLines(home.resolve("actions.log"));
    assertEquals(11, log.size(), String.join("\n", log));
    assertEquals(0, exit("log", "verify", "--home", home));
    Map<String, Long> kinds = new LinkedHashMap<>();
    for (LogLeaf l : fx.gateway.store().logLeaves(0, 10_000).await()) kinds.merge(l.kind(), 1L, Long::sum);
    assertEquals(7L, kinds.get("refused"), kinds.toString());
    assertEquals(1L, kinds.get("exported"), kinds.toString());
    assertEquals(1L, kinds.get("raised"), kinds.toString());
    assertEquals(1L, kinds.get("contacted"), kinds.toString());
    assertEquals(1L, kinds.get("consent_given"), kinds.toString());
    assertEquals(1L, kinds.get("consent_requested"), kinds.toString());
    assertEquals(1L, kinds.get("consent_changed"), kinds.toString());
    assertEquals(1L, kinds.get("consent_withdrawn"), kinds.toString());

    // An edited entry (a refusal turned into a success) breaks the chain from that line on.
    Path file = home.resolve("actions.log");
    Files.writeString(file, Files.readString(file).replaceFirst("\"outcome\":\"refused\"", "\"outcome\":\"done\""));
    Result broken = console(5, "log", "verify", "--home", home);
    assertTrue(broken.err().contains("line 2 does not follow"), broken.toString());
  }

  // ---- the defender's side, as a browser without JavaScript would post it

  private static String checkIn() throws Exception {
    HttpResponse<String> r = fx.checkIn("en", cookie, receipt);
    assertEquals(200, r.statusCode());
    return r.body();
  }

  /** The hidden fields of the check-in page's form that posts to /en/check-in/{@code path}. */
  private static Map<String, String> hidden(String page, String path) {
    int start = page.indexOf("action=\"/en/check-in/" + path + "\"");
    assertTrue(start > 0, "the page has the " + path + " form");
    String form = page.substring(start, page.indexOf("</form>", start));
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = Pattern.compile("type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\"").matcher(form);
    while (m.find()) fields.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
        .replace("&gt;", ">").replace("&amp;", "&"));
    return fields;
  }

  private static HttpResponse<String> post(String path, Map<String, String> fields, String... more) throws Exception {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    for (int i = 0; i < more.length; i += 2) body.append('&').append(more[i]).append('=').append(URLEncoder.encode(more[i + 1], StandardCharsets.UTF_8));
    return fx.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fx.gateway.sitePort() + "/en/check-in/" + path))
        .header("Cookie", GatewayFixture.CSRF_COOKIE + "=" + cookie).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(BodyPublishers.ofString(body.toString())).build());
  }

  private static Path privateDir() throws Exception {
    return Files.createDirectory(dir.resolve("export-" + UUID.randomUUID()),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  private static int exit(Object... args) {
    return org.amana.console.ConsoleMain.run(Stream.of(args).map(String::valueOf).toArray(String[]::new),
        new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter()));
  }
}

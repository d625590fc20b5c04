package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.amana.crypto.format.ConsentRequest;
import org.amana.crypto.testing.Tools;
import org.amana.storage.EmbeddedDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The defender's whole visit in a real browser with JavaScript disabled (Tor Browser's "Safest"):
 * Debian's chromium driven by playwright-core through src/test/node/browser.mjs, against a gateway
 * started in this JVM on an embedded PostgreSQL under target/. In English and in Arabic: fill the
 * form by its labels, attach two files, send, read the receipt, check in with it; then the consent:
 * see it as given, change it, answer a reviewer's request (sealed to the receipt's key by this
 * test, as the console would), withdraw it. Screenshots land in target/artifacts/ (submit-ar.png
 * is the Arabic form, consent-ar.png its check-in page after the withdrawal).
 */
class BrowserFlowTest {
  private static final Path NODE_DIR = Path.of("src/test/node");
  private static final Path WORK = Path.of("target", "browser-test").toAbsolutePath();
  private static final Path ARTIFACTS = Path.of("target", "artifacts").toAbsolutePath();

  @Test
  void submitAndCheckIn_javaScriptOff_worksInEnglishAndArabic() throws Exception {
    Path node = Tools.require("node", "runs playwright-core for the browser test");
    Path chromium = Tools.require("chromium", "the real browser of the browser test (Debian package chromium)");
    requirePlaywright();
    TestFolders.recreate(WORK);
    Files.createDirectories(ARTIFACTS);
    List<Path> files = List.of(
        Files.writeString(WORK.resolve("notes.txt"), "Notes written by the defender, with Arabic: شاهد عيان\n"),
        Files.write(WORK.resolve("scan.pdf"), "%PDF-1.4\n% a small document\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)));

    StringWriter log = new StringWriter();
    try (EmbeddedDatabase db = EmbeddedDatabase.start(WORK.resolve("postgres"));
        Gateway gateway = Gateway.start(new Gateway.Settings(db.config(), "127.0.0.1:0", "127.0.0.1:0",
            Limits.defaults(), 0, WORK.resolve("demo-reviewer.key")), new PrintWriter(log, true))) {
      JsonObject config = new JsonObject()
          .put("chromium", chromium.toString())
          .put("base", "http://127.0.0.1:" + gateway.sitePort())
          .put("artifacts", ARTIFACTS.toString())
          .put("files", new JsonArray(files.stream().map(Path::toString).toList()))
          .put("requests", WORK.resolve("requests").toString())
          .put("languages", new JsonArray().add(language("en")).add(language("ar")));
      Path configFile = Files.writeString(WORK.resolve("browser.json"), config.encodePrettily());

      Thread reviewer = Thread.ofVirtual().start(() -> sendRequests(gateway.store(), WORK.resolve("requests")));
      List<JsonObject> results;
      try {
        results = runScript(node, configFile);
      } finally {
        reviewer.interrupt();
      }
      assertEquals(2, results.size(), "one result per language");
      for (JsonObject r : results) check(r, bundle(r.getString("code")));
      assertEquals(2, gateway.store().listCommitted().await().size(), "both submissions are committed");
    }
    for (String code : List.of("en", "ar")) {
      Path shot = ARTIFACTS.resolve("submit-" + code + ".png");
      assertTrue(Files.size(shot) > 10_000, "a real screenshot of the " + code + " form: " + shot);
    }
  }

  /**
   * As a reviewer would with 'consent request': sends each new submission a request for legal use,
   * sealed to its reply key, and writes how many have one so far for browser.mjs to wait on.
   */
  private static void sendRequests(org.amana.storage.Store store, Path counter) {
    java.util.Set<org.amana.storage.SubmissionId> done = new java.util.HashSet<>();
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (var s : store.listCommitted().await()) {
          if (s.replyRecipient() == null || !done.add(s.id())) continue;
          ConsentRequest r = ConsentRequest.create(ConsentRequest.Action.LEGAL, LocalDate.now(ZoneOffset.UTC),
              "A court case about the raid is starting. قضية", new java.security.SecureRandom());
          java.io.ByteArrayOutputStream sealed = new java.io.ByteArrayOutputStream();
          try (var out = org.amana.crypto.Age.seal(sealed, List.of(org.amana.crypto.Recipients.parse(s.replyRecipient())))) {
            out.write(r.toJson().getBytes(StandardCharsets.UTF_8));
          }
          byte[] bytes = sealed.toByteArray();
          store.addConsentRequest(s.id(), io.vertx.core.buffer.Buffer.buffer(bytes),
              java.security.MessageDigest.getInstance("SHA-256").digest(bytes)).await();
          Files.writeString(counter, String.valueOf(done.size()));
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      // the script is done
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void check(JsonObject r, Map<String, String> m) {
    String code = r.getString("code");
    assertFalse(r.getBoolean("scriptRan"), code + ": JavaScript really is disabled in the browser context");
    assertEquals(0, r.getInteger("scripts"), code + ": the page has no <script> at all");
    assertEquals(code, r.getString("lang"));
    assertEquals(m.get("lang.dir"), r.getString("dir"), code + ": <html dir>");
    assertEquals(m.get("lang.dir"), r.getString("visitDir"));
    if (code.equals("ar")) assertEquals("rtl", r.getString("dir"), "Arabic is right to left");
    assertEquals(m.get("receipt.heading"), r.getString("receiptHeading"));
    assertTrue(r.getString("receipt").matches("\\d{4}( \\d{4}){4}"), code + ": receipt " + r.getString("receipt"));
    assertEquals(2, r.getInteger("receiptFiles"), code + ": both files are listed on the receipt page");
    assertEquals(m.get("visit.title"), r.getString("visitHeading"), code + ": the receipt opened the submission");
    // The day of arrival (UTC); yesterday too, in case the test ran across midnight.
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    String visit = r.getString("visitText");
    assertTrue(visit.contains(today.toString()) || visit.contains(today.minusDays(1).toString()),
        code + ": the check-in page shows the date received: " + visit);

    assertEquals(1, r.getInteger("leaveLinks"), code + ": a plain link to leave quickly");
    assertTrue(r.getString("consentGiven").contains(m.get("use_un.label")), code + ": the consent given: " + r.getString("consentGiven"));
    assertFalse(r.getString("consentGiven").contains(m.get("use_public.label")), code);
    assertEquals(m.get("consent.done.changed"), r.getString("changedHeading"), code);
    assertTrue(r.getString("changedText").contains(m.get("use_public.label")), code + ": the change took: " + r.getString("changedText"));
    assertTrue(r.getString("requestText").contains(m.get("request.action.legal")) && r.getString("requestText").contains("court case"),
        code + ": the reviewer's request is shown: " + r.getString("requestText"));
    assertEquals(m.get("consent.done.changed"), r.getString("answeredHeading"), code);
    assertTrue(r.getString("answeredText").contains(m.get("use_legal.label")) && r.getString("answeredText").contains(m.get("use_public.label")),
        code + ": yes added legal use to the changed consent: " + r.getString("answeredText"));
    assertEquals(0, r.getInteger("requestsAfterAnswer"), code + ": an answered request is not asked again");
    assertEquals(m.get("consent.done.withdrawn"), r.getString("withdrawnHeading"), code);
    assertTrue(r.getString("withdrawnText").contains(m.get("consent.withdraw.cannot")), code + ": says what cannot be undone");
    assertTrue(r.getString("afterWithdrawal").contains(m.get("consent.withdrawn").split("\\{0\\}")[0].strip()),
        code + ": the check-in shows the withdrawal: " + r.getString("afterWithdrawal"));
  }

  /** The labels the script looks for, from the language's own message bundle. */
  private static JsonObject language(String code) throws IOException {
    Map<String, String> m = bundle(code);
    return new JsonObject().put("code", code).put("labels", new JsonObject()
        .put("report", m.get("submit.report.label"))
        .put("reportText", code.equals("ar") ? "ما حدث، ومتى وأين. تقرير تجريبي من اختبار المتصفح."
            : "What happened, when and where. A test report from the browser test.")
        .put("files", m.get("submit.files.label"))
        .put("contactReplies", m.get("contact.replies.label"))
        .put("useUn", m.get("use_un.label"))
        .put("namingAsk", m.get("naming.ask.label"))
        .put("metadataKeep", m.get("metadata.keep.label"))
        .put("send", m.get("submit.send"))
        .put("receiptField", m.get("checkin.receipt.label"))
        .put("open", m.get("checkin.send"))
        .put("visitTitle", m.get("visit.title"))
        .put("leave", m.get("leave.link"))
        .put("usePublic", m.get("use_public.label"))
        .put("changeSend", m.get("consent.change.send"))
        .put("yes", m.get("request.yes"))
        .put("withdrawSend", m.get("consent.withdraw.send")));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, String> bundle(String code) throws IOException {
    try (InputStream in = BrowserFlowTest.class.getResourceAsStream("site/messages_" + code + ".properties")) {
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return (Map) p;
    }
  }

  /** Runs browser.mjs with a time limit; its stdout is one JSON line per language. */
  private static List<JsonObject> runScript(Path node, Path config) throws Exception {
    Path out = WORK.resolve("browser.out");
    Path err = WORK.resolve("browser.err");
    Process p = new ProcessBuilder(node.toString(), "browser.mjs", config.toString())
        .directory(NODE_DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(240, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly); // chromium's processes too
      p.destroyForcibly();
      fail("browser.mjs did not finish in 240 s; stderr: " + Files.readString(err));
    }
    if (p.exitValue() != 0) fail("browser.mjs failed (exit " + p.exitValue() + "): " + Files.readString(err));
    return Files.readAllLines(out).stream().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
  }

  /** playwright-core, installed by `npm ci` in src/test/node (ops/test does it). */
  private static void requirePlaywright() {
    if (Files.isDirectory(NODE_DIR.resolve("node_modules/playwright-core"))) return;
    String message = "playwright-core is not installed in " + NODE_DIR.toAbsolutePath() + "; run ops/test, which runs npm ci there";
    if ("true".equals(System.getenv("CI"))) fail(message);
    System.err.println("SKIPPED BrowserFlowTest: " + message);
    Assumptions.abort(message);
  }
}

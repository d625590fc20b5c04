package org.amana.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amana.console.ConsoleMain;
import org.amana.crypto.testing.SoftHsm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reviewer's console against a real gateway over the real reviewer API, with a SoftHSM2
 * token made by the console itself: token init, enrolment by the operator command, a defender's
 * hostile report, then login, pull (twice), list, open, reply, and the defender's check-in.
 */
class ConsoleFlowTest {
  private static final Pattern TAG = Pattern.compile("age1tag1[02-9ac-hj-np-z]+");
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  /** Clipboard write (OSC 52), a hidden link (OSC 8), clear screen and cursor moves (CSI), a bidi override, a NUL. */
  private static final String HOSTILE = "Visible words first.\n"
      + "\u001b]52;c;ZWNobyBwd25lZA==\u0007clipboard\n"
      + "\u001b]8;;http://evil.example/\u001b\\click here\u001b]8;;\u001b\\\n"
      + "\u001b[2J\u001b[1;1Hcursor moved\u001b]0;new title\u0007\n"
      + "\u202efdp.exe\u0000after the nul\r\n"
      + "Last line in Arabic: تم تفتيش المكتب.";

  private static GatewayFixture fx;
  private static Path pinFile;
  private static List<Object> tokenArgs;
  private static String receipt;
  private static String cookie;
  private static String loginKey;
  private static String recipient;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    SoftHsm.Token t = SoftHsm.token("amana-6");
    pinFile = dir.resolve("pin");
    Files.writeString(pinFile, new String(t.pin()) + "\n");
    Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    tokenArgs = List.of("--module", t.module(), "--token", t.label(), "--pin-file", pinFile, "--key", "seal-" + suffix);
    String init = console(0, cmd("token init", "--login-key", "login-" + suffix)).out;
    Matcher m = TAG.matcher(init);
    assertTrue(m.find(), init);
    recipient = m.group();
    loginKey = console(0, cmd("token login-key", "--login-key", "login-" + suffix)).out.strip();

    fx = GatewayFixture.start("console-flow", Limits.defaults());
    enroll(fx);

    cookie = fx.session("en");
    Multipart form = new Multipart().field("report", HOSTILE)
        .file("files", "\u202etxt.exe", "text/plain", "A witness statement.\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> page = fx.submit("en", cookie, form);
    assertEquals(200, page.statusCode(), page.body());
    receipt = GatewayFixture.receipt(page.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (fx != null) fx.close();
  }

  @Test
  void loginPullListOpenReply_hostileReport_shownEscapedAndReplyReachesCheckIn() throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    Result login = console(0, cmd("login", "--api", api(), "--login-key", loginLabel(), "--home", home));
    Path sessionFile = home.resolve("session.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sessionFile)));
    String session = storedSession(sessionFile);
    assertFalse(login.out.contains(session) || login.err.contains(session), "the session is never printed");

    Result pull = console(0, "pull", "--home", home);
    Matcher m = ID.matcher(pull.out);
    assertTrue(m.find(), pull.toString());
    String id = m.group();
    Path folder = home.resolve("submissions").resolve(id);
    assertTrue(Files.isRegularFile(folder.resolve("0-manifest.age")), pull.toString());
    assertTrue(Files.isRegularFile(folder.resolve("1-file.age")), pull.toString());
    assertTrue(Files.readString(folder.resolve("0-manifest.age"), StandardCharsets.ISO_8859_1).startsWith("age-encryption.org/v1\n"),
        "pulled still sealed");
    Map<String, Long> before = snapshot(folder);

    Result again = console(0, "pull", "--home", home);
    assertTrue(again.out.contains("Nothing new"), again.toString());
    assertEquals(before, snapshot(folder), "a second pull changes nothing");

    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String list = console(0, "list", "--home", home).out;
    assertTrue(list.lines().anyMatch(l -> l.startsWith(id) && l.contains(today) && l.contains(" 1 ") && l.endsWith("pulled")), list);
    assertFalse(list.contains("Visible") || list.contains("txt.exe"), "nothing from inside the seal in the list");

    Result open = console(0, cmd("open", id, "--home", home));
    String shown = open.out;
    for (char c : new char[] {'\u001b', '\u0007', '\u0000', '\u202e', '\r'}) {
      assertEquals(-1, shown.indexOf(c), () -> String.format("U+%04X reached the output raw:%n%s", (int) c, shown));
    }
    for (String s : new String[] {"\\u{1b}]52;c;ZWNobyBwd25lZA==\\u{7}clipboard", "\\u{1b}]8;;http://evil.example/\\u{1b}\\click here",
        "\\u{1b}[2J\\u{1b}[1;1Hcursor moved", "\\u{202e}fdp.exe\\u{0}after the nul\\u{d}", "Visible words first.",
        "تم تفتيش المكتب", "\\u{202e}txt.exe", "text/plain", "sha256 received", "metadata none found"}) {
      assertTrue(shown.contains(s), () -> "shows " + s + "\n" + shown);
    }
    assertTrue(console(0, "list", "--home", home).out.lines().anyMatch(l -> l.startsWith(id) && l.endsWith("opened")));
    assertEquals(before.keySet().size() + 1, snapshot(folder).size(), "open writes only its marker, no plaintext");

    String reply = "thank you " + UUID.randomUUID();
    Path text = dir.resolve("reply.txt");
    Files.writeString(text, reply);
    console(0, "reply", id, "--text", text, "--home", home);
    HttpResponse<String> visit = fx.checkIn("en", cookie, receipt);
    assertEquals(200, visit.statusCode());
    assertTrue(visit.body().contains(reply), "the defender reads the reply at check-in");
  }

  @Test
  void open_tamperedPulledManifest_exit5AndNothingShown() throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    console(0, cmd("login", "--api", api(), "--login-key", loginLabel(), "--home", home));
    String id = first(console(0, "pull", "--home", home).out);
    Path manifest = home.resolve("submissions").resolve(id).resolve("0-manifest.age");
    byte[] b = Files.readAllBytes(manifest);
    b[b.length - 20] ^= 1;
    Files.write(manifest, b);

    Result r = console(5, cmd("open", id, "--home", home));
    assertEquals("", r.out, "no part of the report is shown");
    assertTrue(r.err.contains("altered"), r.toString());

    // pull notices the damage and fetches an intact copy, which opens again.
    console(0, "pull", "--home", home);
    assertTrue(console(0, cmd("open", id, "--home", home)).out.contains("Visible words first."));
  }

  @Test
  void pull_withoutLogin_exit11WithAdvice() throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    Result r = console(11, "pull", "--home", home);
    assertTrue(r.err.contains("login"), r.toString());
  }

  /**
   * Verify and export on a gateway of their own, with hostile file names: the names are only
   * shown, the files land under generated names, and a tampered sealed file exports nothing.
   */
  @Nested
  class VerifyAndExport {
    /** Upload name → contents, in upload order (ordinal 1, 2, …). */
    private static final Map<String, byte[]> FILES = new LinkedHashMap<>();
    private static GatewayFixture gx;

    @BeforeAll
    static void submit() throws Exception {
      FILES.put("../../.bashrc", "rm -rf ~ # a hostile dotfile\n".getBytes(StandardCharsets.UTF_8));
      FILES.put("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n".getBytes(StandardCharsets.UTF_8));
      FILES.put("ctl\u001b[2J\u0007\u202etxt.exe", "A name full of controls.\n".getBytes(StandardCharsets.UTF_8));
      FILES.put("n".repeat(496) + ".txt", "A very long name.\n".getBytes(StandardCharsets.UTF_8));
      gx = GatewayFixture.start("console-export", Limits.defaults());
      enroll(gx);
      Multipart form = new Multipart().field("report", "Four files with hostile names.");
      for (Map.Entry<String, byte[]> f : FILES.entrySet()) form.file("files", f.getKey(), "text/plain", f.getValue());
      HttpResponse<String> page = gx.submit("en", gx.session("en"), form);
      assertEquals(200, page.statusCode(), page.body());
    }

    @AfterAll
    static void stopExport() throws Exception {
      if (gx != null) gx.close();
    }

    private static String pulled(Path home) {
      console(0, cmd("login", "--api", api(gx), "--login-key", loginLabel(), "--home", home));
      return first(console(0, "pull", "--home", home).out);
    }

    private static Path privateDir(String name) throws Exception {
      return Files.createDirectory(dir.resolve(name + "-" + UUID.randomUUID()),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void verifyThenExport_hostileNames_safeNamesInsideDirAndRefusals() throws Exception {
      Path home = Files.createTempDirectory(dir, "home");
      String id = pulled(home);
      Result v = console(0, cmd("verify", id, "--home", home));
      assertTrue(v.out.contains("intact: 4 files verified"), v.toString());

      Path to = privateDir("export");
      Result e = console(0, cmd("export", id, "--to", to, "--home", home));
      List<String> expected = List.of("MANIFEST.sha256", "file-1.txt", "file-2.txt", "file-3.txt", "file-4.txt");
      assertEquals(expected, snapshot(to).keySet().stream().toList(), e.toString());
      assertEquals(-1, e.out.indexOf('\u001b'), e.out);
      assertTrue(e.out.contains("\\u{1b}[2J\\u{7}\\u{202e}txt.exe  ->  file-3.txt"), e.out);
      assertTrue(e.out.contains("Dangerzone"), e.out);
      for (String shown : new String[] {"../../.bashrc  ->  file-1.txt", "/etc/passwd  ->  file-2.txt", "n".repeat(496) + ".txt  ->  file-4.txt"}) {
        assertTrue(e.out.contains(shown), () -> "shows " + shown + "\n" + e.out);
      }
      StringBuilder sums = new StringBuilder();
      int n = 1;
      for (byte[] content : FILES.values()) {
        Path f = to.resolve("file-" + n + ".txt");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(sha256(content), sha256(Files.readAllBytes(f)), f.toString());
        sums.append(sha256(content)).append("  file-").append(n++).append(".txt\n");
      }
      assertEquals(sums.toString(), Files.readString(to.resolve("MANIFEST.sha256")));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(to.resolve("MANIFEST.sha256"))));
      try (Stream<Path> all = Files.walk(dir)) {
        assertTrue(all.noneMatch(p -> p.getFileName().toString().equals(".bashrc") || p.toString().endsWith("etc/passwd")));
      }

      Map<String, Long> before = snapshot(to);
      Result again = console(9, cmd("export", id, "--to", to, "--home", home));
      assertTrue(again.err.contains("already exists"), again.toString());
      assertEquals(before, snapshot(to), "a refused export changes nothing");

      Path open = Files.createDirectory(dir.resolve("shared-" + UUID.randomUUID()));
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
      Result shared = console(8, cmd("export", id, "--to", open, "--home", home));
      assertTrue(shared.err.contains("chmod 700"), shared.toString());
      assertEquals(Map.of(), snapshot(open));
    }

    @Test
    void tamperedFileBlob_verifyNamesIt_exportLeavesNothing() throws Exception {
      Path home = Files.createTempDirectory(dir, "home");
      String id = pulled(home);
      Path blob = home.resolve("submissions").resolve(id).resolve("2-file.age");
      byte[] b = Files.readAllBytes(blob);
      b[b.length - 20] ^= 1;
      Files.write(blob, b);

      Result v = console(5, cmd("verify", id, "--home", home));
      assertTrue(v.out.contains("NOT intact") && v.out.contains("file #2"), v.toString());
      assertTrue(v.out.lines().anyMatch(l -> l.startsWith("OK") && l.contains("file #1")), v.toString());

      Path to = privateDir("tampered");
      Result e = console(5, cmd("export", id, "--to", to, "--home", home));
      assertTrue(e.err.contains("#2"), e.toString());
      assertEquals(Map.of(), snapshot(to), "nothing exported, no temporary file left");
    }
  }

  // ---- helpers

  private static void enroll(GatewayFixture g) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = GatewayMain.run(new String[] {"reviewer", "add", "--name", "Reviewer at the console", "--login-key", loginKey,
        "--recipient", recipient, "--database-url", g.databaseUrl()}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, exit, err.toString());
  }

  private record Result(String out, String err) {}

  /** The session's token as stored; used only to check it is never printed. */
  private static String storedSession(Path f) throws Exception {
    Matcher m = Pattern.compile("\"session\":\"([^\"]+)\"").matcher(Files.readString(f));
    assertTrue(m.find(), "a session is stored");
    return m.group(1);
  }

  private static String api() {
    return api(fx);
  }

  private static String api(GatewayFixture g) {
    return "http://127.0.0.1:" + g.gateway.apiPort();
  }

  private static String loginLabel() {
    return "login-" + tokenArgs.get(tokenArgs.size() - 1).toString().substring("seal-".length());
  }

  private static String first(String text) {
    Matcher m = ID.matcher(text);
    assertTrue(m.find(), text);
    return m.group();
  }

  private static Object[] cmd(String command, Object... more) {
    List<Object> args = new ArrayList<>(List.of((Object[]) command.split(" ")));
    args.addAll(tokenArgs);
    args.addAll(List.of(more));
    return args.toArray();
  }

  private static Result console(int expectedExit, Object... args) {
    String[] argv = Stream.of(args).map(String::valueOf).toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ConsoleMain.run(argv, new PrintWriter(out, true), new PrintWriter(err, true));
    Result r = new Result(out.toString(), err.toString());
    assertEquals(expectedExit, exit, () -> String.join(" ", argv) + "\n--- out:\n" + r.out + "--- err:\n" + r.err);
    return r;
  }

  /** Each file's name and size and modification time, to show that nothing changed. */
  private static Map<String, Long> snapshot(Path folder) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path p : s.toList()) m.put(p.getFileName().toString(), Files.getLastModifiedTime(p).toMillis() * 1_000_000 + Files.size(p));
    }
    return m;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }
}

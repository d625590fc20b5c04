package org.amana.gateway;

import static org.amana.gateway.ReviewerAtConsole.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * {@code ops/bench pull}: the reviewer's side of a large file, each against a reference in the same
 * run. A gateway in this JVM (embedded PostgreSQL) holds one submission with one file (default
 * 1 GiB, kept as sent); a reviewer with a SoftHSM2 token (the same PKCS#11 path a YubiKey takes)
 * logs in with the console, then:
 * <ul>
 *   <li>{@code console pull} (HTTP, sealed bytes to disk, SHA-256 checked, custody event logged)
 *       against a plain HTTP download of the same blob to a file;
 *   <li>{@code console verify} (the token unwraps the file key, every chunk's tag checked, the
 *       plaintext hashed, the log proof checked) against reading and hashing the sealed file.
 * </ul>
 */
public final class PullBench {
  private PullBench() {}

  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
    Path dir = Path.of(args.length > 1 ? args[1] : "target/bench").toAbsolutePath().resolve("pull");
    TestFolders.recreate(dir);
    ReviewerAtConsole reviewer = new ReviewerAtConsole("amana-1", dir);
    try (GatewayFixture fx = GatewayFixture.start("pull-bench", Limits.defaults())) {
      reviewer.enroll(fx);
      String cookie = fx.session("en");
      GatewayFixture.receipt(fx.submit("en", cookie, new Multipart().field("report", "benchmark").field("metadata", "keep")
          .file("files", "bench.bin", "application/octet-stream", () -> new GeneratedBytes(size, 3, null))).body());
      Path home = dir.resolve("home"); // the console makes its state folder itself, private
      reviewer.login(fx, home);

      long start = System.nanoTime();
      String id = ReviewerAtConsole.firstId(console(0, "pull", "--home", home).out());
      double pull = (System.nanoTime() - start) / 1e9;
      Path sealed;
      try (var files = Files.walk(home.resolve("submissions").resolve(id))) {
        sealed = files.filter(p -> p.getFileName().toString().startsWith("1-")).findFirst().orElseThrow();
      }
      long sealedSize = Files.size(sealed);
      double download = download(fx, home, id, dir.resolve("reference.age"));

      start = System.nanoTime();
      console(0, reviewer.withToken("verify", id, "--home", home));
      double verify = (System.nanoTime() - start) / 1e9;
      double hash = hash(sealed);

      double mib = sealedSize / 1048576.0;
      System.out.printf("pull and verify: one file of %.0f MiB sealed, SoftHSM2 token, gateway and console in one JVM%n", mib);
      System.out.printf("  %-40s %8.1f MiB/s  (%.1f s)%n", "console pull (sealed, to disk)", mib / pull, pull);
      System.out.printf("  %-40s %8.1f MiB/s  (%.1f s)%n", "reference: plain HTTP download to a file", mib / download, download);
      System.out.printf("  %-40s %8.2f%n", "ratio pull / download (throughput)", download / pull);
      System.out.printf("  %-40s %8.1f MiB/s  (%.1f s)%n", "console verify (token, every tag, hashes)", mib / verify, verify);
      System.out.printf("  %-40s %8.1f MiB/s  (%.1f s)%n", "reference: read and SHA-256 the sealed file", mib / hash, hash);
      System.out.printf("  %-40s %8.2f%n", "ratio verify / hash (throughput)", hash / verify);
    } finally {
      TestFolders.recreate(dir);
    }
  }

  /** The same blob over the reviewer API with the console's session, straight to a file; seconds. */
  private static double download(GatewayFixture fx, Path home, String id, Path to) throws Exception {
    ObjectMapper json = new ObjectMapper();
    String session = json.readTree(home.resolve("session.json").toFile()).path("session").asText();
    HttpResponse<String> blobs = fx.apiGet("/api/v1/submissions/" + id + "/blobs", session);
    String blob = null;
    for (JsonNode b : json.readTree(blobs.body())) if (b.path("kind").asText().equals("file")) blob = b.path("id").asText();
    long start = System.nanoTime();
    HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + fx.gateway.apiPort() + "/api/v1/blobs/" + blob))
        .header("Authorization", "Bearer " + session).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(to)) {
      in.transferTo(out);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double hash(Path file) throws Exception {
    long start = System.nanoTime();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return (System.nanoTime() - start) / 1e9;
  }
}

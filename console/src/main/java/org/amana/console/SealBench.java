package org.amana.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.amana.crypto.Age;
import org.amana.crypto.X25519Identity;

/**
 * {@code ops/bench seal}: seals and opens the same random file with Amana and with the reference
 * {@code age} binary in one run, and prints both throughputs, their ratio and the JVM's peak heap.
 * File to file on the same disk, so both pay the same I/O.
 */
public final class SealBench {
  private SealBench() {}

  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
    Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/bench"));
    Path plain = dir.resolve("plain.bin");
    Path key = dir.resolve("key.txt");
    try (X25519Identity id = X25519Identity.generate()) {
      writeRandom(plain, size);
      Files.writeString(key, id.insecureEncoding() + "\n");
      String recipient = id.recipient().encoded();
      String expected = sha256(plain);

      // Warm the JIT on 64 MiB so that the measured run is the steady state, as a server would be.
      Path warm = dir.resolve("warm.bin");
      writeRandom(warm, 64L << 20);
      amanaSeal(warm, dir.resolve("warm.age"), id);
      amanaOpen(dir.resolve("warm.age"), dir.resolve("warm.out"), id);
      for (String f : List.of("warm.bin", "warm.age", "warm.out")) Files.delete(dir.resolve(f));
      resetPeaks();

      // Each step runs twice, alternating the two tools, with dirty pages flushed before each run
      // and the previous output removed, so neither tool pays for the other's writeback. Best of two.
      double ageSeal = Double.MAX_VALUE, amanaSeal = Double.MAX_VALUE, ageOpen = Double.MAX_VALUE, amanaOpen = Double.MAX_VALUE;
      for (int round = 0; round < 2; round++) {
        ageSeal = Math.min(ageSeal, measure(dir.resolve("ref.age"),
            () -> exec("age", "-r", recipient, "-o", dir.resolve("ref.age").toString(), plain.toString())));
        amanaSeal = Math.min(amanaSeal, measure(dir.resolve("amana.age"), () -> amanaSeal(plain, dir.resolve("amana.age"), id)));
        ageOpen = Math.min(ageOpen, measure(dir.resolve("ref.out"),
            () -> exec("age", "-d", "-i", key.toString(), "-o", dir.resolve("ref.out").toString(), dir.resolve("ref.age").toString())));
        amanaOpen = Math.min(amanaOpen, measure(dir.resolve("amana.out"), () -> amanaOpen(dir.resolve("amana.age"), dir.resolve("amana.out"), id)));
      }
      // The same steps writing to /dev/null: what is left is reading and the crypto, without the
      // disk's writeback, which makes file-to-file figures vary from run to run.
      Path devNull = Path.of("/dev/null");
      double ageSealNull = Double.MAX_VALUE, amanaSealNull = Double.MAX_VALUE, ageOpenNull = Double.MAX_VALUE, amanaOpenNull = Double.MAX_VALUE;
      for (int round = 0; round < 2; round++) {
        ageSealNull = Math.min(ageSealNull, time(() -> exec("age", "-r", recipient, "-o", "/dev/null", plain.toString())));
        amanaSealNull = Math.min(amanaSealNull, time(() -> amanaSeal(plain, devNull, id)));
        ageOpenNull = Math.min(ageOpenNull, time(() -> exec("age", "-d", "-i", key.toString(), "-o", "/dev/null", dir.resolve("ref.age").toString())));
        amanaOpenNull = Math.min(amanaOpenNull, time(() -> amanaOpen(dir.resolve("amana.age"), devNull, id)));
      }
      long peak = peakHeap();

      boolean ok = expected.equals(sha256(dir.resolve("amana.out"))) && expected.equals(sha256(dir.resolve("ref.out")));
      double mib = size / (1024.0 * 1024.0);
      System.out.printf("file: %.0f MiB of random bytes, X25519 recipient, file to file in %s, %d threads%n", mib, dir, ConsoleMain.THREADS);
      System.out.printf("%-6s %14s %14s %8s%n", "", "amana MiB/s", "age MiB/s", "ratio");
      System.out.printf("%-6s %14.0f %14.0f %7.2fx%n", "seal", mib / amanaSeal, mib / ageSeal, ageSeal / amanaSeal);
      System.out.printf("%-6s %14.0f %14.0f %7.2fx%n", "open", mib / amanaOpen, mib / ageOpen, ageOpen / amanaOpen);
      System.out.printf("%-6s %14s %14s %8s   (output to /dev/null)%n", "", "", "", "");
      System.out.printf("%-6s %14.0f %14.0f %7.2fx%n", "seal", mib / amanaSealNull, mib / ageSealNull, ageSealNull / amanaSealNull);
      System.out.printf("%-6s %14.0f %14.0f %7.2fx%n", "open", mib / amanaOpenNull, mib / ageOpenNull, ageOpenNull / amanaOpenNull);
      System.out.printf("peak heap: %.1f MiB (max heap %.0f MiB)%n", peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
      System.out.println("round trip: " + (ok ? "identical" : "MISMATCH"));
      if (!ok) System.exit(1);
    } finally {
      for (String f : List.of("plain.bin", "key.txt", "ref.age", "ref.out", "amana.age", "amana.out")) {
        Files.deleteIfExists(dir.resolve(f));
      }
    }
  }

  private static void amanaSeal(Path in, Path out, X25519Identity id) throws IOException {
    try (InputStream src = Files.newInputStream(in);
        OutputStream sealed = Age.seal(Files.newOutputStream(out), List.of(id.recipient()), false, ConsoleMain.THREADS)) {
      copy(src, sealed);
    }
  }

  private static void amanaOpen(Path in, Path out, X25519Identity id) throws IOException {
    try (InputStream plain = Age.open(Files.newInputStream(in), List.of(id), ConsoleMain.THREADS);
        OutputStream dst = Files.newOutputStream(out)) {
      copy(plain, dst);
    }
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
  }

  private static void writeRandom(Path p, long size) throws IOException {
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(p)) {
      for (long done = 0; done < size; done += buf.length) {
        ThreadLocalRandom.current().nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
  }

  private static String sha256(Path p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(p)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) >= 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void exec(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed");
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Times one step that writes {@code output}, after removing the old output and flushing dirty pages. */
  private static double measure(Path output, Step s) throws Exception {
    Files.deleteIfExists(output);
    exec("sync");
    return time(s);
  }

  private static double time(Step s) throws Exception {
    long t = System.nanoTime();
    s.run();
    return (System.nanoTime() - t) / 1e9;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
    }
    return sum;
  }
}

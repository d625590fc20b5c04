package org.amana.gateway;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.amana.gateway.SocketUpload.File;
import org.amana.gateway.strip.Corpus;
import org.amana.gateway.strip.Source;
import org.amana.gateway.strip.StripException;
import org.amana.gateway.strip.StripLimits;
import org.amana.gateway.strip.Strippers;
import org.apache.tika.Tika;

/**
 * {@code ops/bench strip}: what metadata removal costs.
 *
 * <ol>
 *   <li>Per format, over the corpus ({@code ../shared/corpus/metadata/}): each file stripped in
 *       this JVM, in memory, repeatedly for about a second after a warm-up; files per second and
 *       MiB per second of input. The corpus files are small, so this is mostly per-file overhead.
 *   <li>One 1 GiB upload (a WAV: a header, incompressible samples, an INFO chunk with a name)
 *       through a gateway process as the operator runs it (own JVM, -Xmx256m, embedded
 *       PostgreSQL), once with "keep my files as they are" (streamed into the sealer: sealing
 *       alone) and once with "remove" (encrypted spool, stripped, sealed); best of two each,
 *       alternating. The ratio is the cost of removal on a large file.
 * </ol>
 */
public final class StripBench {
  private StripBench() {}

  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
    Path data = Path.of(args.length > 1 ? args[1] : "target/bench").toAbsolutePath().resolve("strip");
    perFormat();
    ingest(size, data);
  }

  private static void perFormat() throws Exception {
    if (!Corpus.present()) {
      System.out.println("per format: no corpus at " + Corpus.folder() + " (put shared/ next to the checkout)");
      return;
    }
    Strippers strippers = Strippers.standard();
    Tika tika = new Tika();
    Map<String, double[]> byType = new TreeMap<>(); // type → {files, bytes, seconds}
    System.out.println("per format: each corpus file stripped in memory, repeated for about 1 s after a warm-up");
    for (Corpus.Entry e : Corpus.entries()) {
      if (e.rejectOk()) continue;
      byte[] bytes = e.bytes();
      String type = tika.detect(bytes);
      if (strippers.forType(type).isEmpty()) continue;
      for (int i = 0; i < 20; i++) strip(strippers, type, bytes); // warm-up
      long start = System.nanoTime();
      int runs = 0;
      while (System.nanoTime() - start < 1_000_000_000L) {
        strip(strippers, type, bytes);
        runs++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] t = byType.computeIfAbsent(type, k -> new double[3]);
      t[0] += runs;
      t[1] += (double) runs * bytes.length;
      t[2] += seconds;
      System.out.printf("  %-34s %8.0f KiB %10.2f ms/file %9.1f MiB/s%n", e.file(), bytes.length / 1024.0,
          1000 * seconds / runs, runs * (double) bytes.length / 1048576 / seconds);
    }
    System.out.println("  by detected type:");
    byType.forEach((type, t) -> System.out.printf("  %-34s %10.2f ms/file %9.1f MiB/s%n", type, 1000 * t[2] / t[0], t[1] / 1048576 / t[2]));
  }

  private static void strip(Strippers strippers, String type, byte[] bytes) throws Exception {
    try {
      strippers.forType(type).orElseThrow().strip(Source.of(bytes), OutputStream.nullOutputStream(), StripLimits.DEFAULT);
    } catch (StripException e) {
      throw new IllegalStateException("a corpus file could not be stripped: " + e.getMessage());
    }
  }

  private static void ingest(long size, Path data) throws Exception {
    GatewayProcess.stopPostgres(data);
    TestFolders.recreate(data);
    try (GatewayProcess gateway = GatewayProcess.start(data, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        RemoteHeap heap = new RemoteHeap(gateway.pid())) {
      upload(gateway, 64L << 20, "keep"); // warm-up
      upload(gateway, 64L << 20, "remove");
      heap.resetPeaks();
      double keep = Double.MAX_VALUE;
      double remove = Double.MAX_VALUE;
      for (int round = 0; round < 2; round++) {
        keep = Math.min(keep, upload(gateway, size, "keep"));
        remove = Math.min(remove, upload(gateway, size, "remove"));
      }
      double mib = size / 1048576.0;
      System.out.printf("ingest: a %.0f MiB WAV over loopback HTTP into the gateway (own JVM, -Xmx256m, embedded PostgreSQL); best of 2%n", mib);
      System.out.printf("  %-34s %8.1f MiB/s  (%.1f s)%n", "kept as sent: sealing alone", mib / keep, keep);
      System.out.printf("  %-34s %8.1f MiB/s  (%.1f s)%n", "metadata removed: spool, strip, seal", mib / remove, remove);
      System.out.printf("  %-34s %8.2f  (time with removal / time sealing alone)%n", "cost of removal", remove / keep);
      System.out.printf("  %-34s peak %.1f MiB, old generation peak %.1f MiB%n", "gateway heap", heap.peak() / 1048576.0,
          heap.oldPeak() / 1048576.0);
    } finally {
      TestFolders.recreate(data);
    }
  }

  /** One submission with a WAV of about {@code size} bytes; seconds until its receipt. */
  private static double upload(GatewayProcess gateway, long size, String metadata) throws Exception {
    byte[] info = infoChunk();
    long even = size - 44 - info.length;
    long samples = even - (even & 1);
    long total = 44 + samples + info.length;
    long start = System.nanoTime();
    SocketUpload.post(gateway.sitePort(), "en", "benchmark", List.of(new File("bench.wav", total,
        () -> new SequenceInputStream(java.util.Collections.enumeration(List.<InputStream>of(
            new ByteArrayInputStream(header(samples, total)), new GeneratedBytes(samples, 7, null), new ByteArrayInputStream(info)))))),
        0, metadata).receipt(); // fails unless the receipt page came back: the WAV was cleaned, not flagged
    return (System.nanoTime() - start) / 1e9;
  }

  private static byte[] header(long samples, long total) {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (total - 8)).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2).putInt(48_000)
        .putInt(48_000 * 4).putShort((short) 4).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) samples);
    return b.array();
  }

  /** A LIST/INFO chunk naming an artist: what the stripper removes. */
  private static byte[] infoChunk() {
    byte[] name = "Bench Artist\0".getBytes(StandardCharsets.US_ASCII);
    int iart = 8 + name.length + (name.length & 1);
    ByteBuffer b = ByteBuffer.allocate(12 + iart).order(ByteOrder.LITTLE_ENDIAN);
    b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(4 + iart).put("INFO".getBytes(StandardCharsets.US_ASCII));
    b.put("IART".getBytes(StandardCharsets.US_ASCII)).putInt(name.length).put(name);
    if ((name.length & 1) == 1) b.put((byte) 0);
    return b.array();
  }
}

package org.amana.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One line on standard error, redrawn in place with a carriage return, for a long download:
 * bytes so far, rate, time left. Drawn only when standard error is a terminal (never into a log)
 * and the download is large; at most four times a second.
 */
final class Progress {
  static final long LARGE = 8L << 20;
  private final PrintWriter err;
  private final String what;
  private final long total;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private final long already;
  private long lastDraw;
  private long done;

  /** {@code already}: bytes there before this download began (a resumed one), not counted in the rate. */
  Progress(PrintWriter err, String what, long total, long already) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.already = already;
    this.done = already;
    this.enabled = total >= LARGE && stderrIsTerminal();
  }

  void add(long n) {
    done += n;
    long now = System.nanoTime();
    if (enabled && now - lastDraw > 250_000_000L) {
      lastDraw = now;
      err.print("\r" + line(done, total, now - start) + "\u001b[K");
      err.flush();
    }
  }

  void finish() {
    if (enabled) {
      err.println("\r" + line(done, total, System.nanoTime() - start) + "\u001b[K");
    }
  }

  private String line(long bytes, long of, long nanos) {
    double seconds = Math.max(nanos / 1e9, 1e-3);
    double rate = (bytes - already) / seconds;
    String left = rate <= 0 ? "?" : duration((long) ((of - bytes) / rate));
    int pct = of == 0 ? 100 : (int) (bytes * 100 / of);
    return String.format("%s %3d%% %s / %s  %s/s  %s left", what, pct, size(bytes), size(of), size((long) rate), left);
  }

  static String size(long b) {
    if (b < 1024) return b + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }

  static String duration(long s) {
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
  }

  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}

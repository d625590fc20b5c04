package org.amana.gateway.strip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds which corpus markers survive in a stripped file, the way the corpus README asks: every
 * plain marker as UTF-8, UTF-16LE and UTF-16BE, over the raw bytes and over every view hidden in
 * them (ZIP members, inflated zlib streams, decoded base64 runs, recursively); and exiftool
 * ({@code -a -G1 -u -ee -n}) over the file and every view, for the binary GPS and date forms.
 * It deliberately shares no code with the strippers it checks.
 */
public final class CanaryScan {
  private static final int MAX_VIEWS = 400;
  private static final int MAX_VIEW_BYTES = 64 << 20;
  private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/\\r\\n]{64,}={0,2}");

  private CanaryScan() {}

  /** The markers of {@code markers} still recoverable from {@code output}; empty means clean. */
  public static List<String> survivors(byte[] output, List<String> markers) {
    List<byte[]> views = new ArrayList<>();
    collect(output, 0, views);
    String exif = exiftool(views);
    List<String> found = new ArrayList<>();
    for (String marker : markers) {
      if (marker.startsWith("GPS:")) {
        String[] ll = marker.substring(4).split(";");
        if (gpsSurvives(views, exif, ll[0], ll[1])) found.add(marker);
      } else if (marker.startsWith("DATE:")) {
        String[] d = marker.substring(5).split(":");
        List<String> spellings = List.of(d[0] + ":" + d[1] + ":" + d[2], d[0] + "-" + d[1] + "-" + d[2], d[0] + d[1] + d[2]);
        if (spellings.stream().anyMatch(s -> inViews(views, s) || exif.contains(s))) found.add(marker);
      } else if (inViews(views, marker) || exif.contains(marker)) {
        found.add(marker);
      }
    }
    return found;
  }

  /** Both coordinates recoverable to about three decimals, as text anywhere or decoded by exiftool. */
  private static boolean gpsSurvives(List<byte[]> views, String exif, String lat, String lon) {
    String la = threeDecimals(lat);
    String lo = threeDecimals(lon);
    return (inViews(views, la) && inViews(views, lo)) || (exif.contains(la) && exif.contains(lo));
  }

  private static String threeDecimals(String coordinate) {
    int dot = coordinate.indexOf('.');
    return coordinate.substring(0, Math.min(coordinate.length(), dot + 4));
  }

  private static boolean inViews(List<byte[]> views, String marker) {
    for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      byte[] needle = marker.getBytes(charset);
      for (byte[] v : views) {
        if (indexOf(v, needle) >= 0) return true;
      }
    }
    return false;
  }

  private static void collect(byte[] bytes, int depth, List<byte[]> views) {
    if (views.size() >= MAX_VIEWS) return;
    views.add(bytes);
    if (depth >= 4) return;
    for (byte[] member : zipMembers(bytes)) collect(member, depth + 1, views);
    for (int i = 0; i + 1 < bytes.length && views.size() < MAX_VIEWS; i++) {
      int cmf = bytes[i] & 0xff;
      int flg = bytes[i + 1] & 0xff;
      if (cmf == 0x78 && ((cmf << 8) | flg) % 31 == 0) {
        byte[] inflated = inflate(bytes, i);
        if (inflated != null && inflated.length > 0) collect(inflated, depth + 1, views);
      }
    }
    Matcher m = BASE64_RUN.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
    while (m.find() && views.size() < MAX_VIEWS) {
      try {
        byte[] decoded = Base64.getMimeDecoder().decode(m.group());
        if (decoded.length > 0) collect(decoded, depth + 1, views);
      } catch (IllegalArgumentException notBase64) {
        // a run of letters that is not base64
      }
    }
  }

  private static List<byte[]> zipMembers(byte[] bytes) {
    List<byte[]> members = new ArrayList<>();
    if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') return members;
    try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null && members.size() < MAX_VIEWS) {
        members.add(e.getName().getBytes(StandardCharsets.UTF_8));
        members.add(zip.readNBytes(MAX_VIEW_BYTES));
      }
    } catch (IOException | RuntimeException e) {
      // a damaged archive: the raw bytes are still searched
    }
    return members;
  }

  private static byte[] inflate(byte[] bytes, int offset) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(bytes, offset, bytes.length - offset);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!inflater.finished() && out.size() < MAX_VIEW_BYTES) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /** exiftool's view of every collected view, without its System and ExifTool groups. */
  private static String exiftool(List<byte[]> views) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("canary-scan");
      List<String> command = new ArrayList<>(List.of("exiftool", "-a", "-G1", "-u", "-ee", "-n", "-q", "-q"));
      for (int i = 0; i < views.size(); i++) {
        Path p = dir.resolve("view-" + i);
        Files.write(p, views.get(i));
        command.add(p.toString());
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("exiftool did not finish");
      }
      StringBuilder kept = new StringBuilder();
      for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[system]") || lower.startsWith("[exiftool]")) continue;
        kept.append(line).append('\n');
      }
      return kept.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("exiftool is needed to check stripped files (Debian: libimage-exiftool-perl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (dir != null) deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder of test output
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}

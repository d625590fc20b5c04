package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Independent re-walks of stripped media files, written apart from the strippers (no shared code):
 * each checks the output's structure and that the audio or video payload is byte for byte the
 * input's. Plus exiftool's own validation.
 */
final class MediaChecks {
  private MediaChecks() {}

  /** {@code exiftool -validate -warning -a}: the lines it reports as errors or warnings, minus accepted ones. */
  static List<String> exiftoolProblems(byte[] file, String suffix) {
    try {
      Path tmp = Files.createTempFile("media-check", suffix);
      try {
        Files.write(tmp, file);
        Process p = new ProcessBuilder("exiftool", "-validate", "-warning", "-error", "-a", "-G1", tmp.toString())
            .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("exiftool hung");
        List<String> problems = new ArrayList<>();
        for (String line : text.split("\n")) {
          if (line.contains("Validate") && !line.contains(": OK")) problems.add(line.strip());
          if (line.contains("Warning") || line.contains("Error")) problems.add(line.strip());
        }
        return problems;
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- MP3 --------------------------------------------------------------------------------

  /** The output is the input's MPEG frames: starts with a frame sync and equals a run of the input after its ID3v2 tag. */
  static void mp3(byte[] in, byte[] out) {
    assertTrue(out.length > 4 && (out[0] & 0xff) == 0xff && (out[1] & 0xe0) == 0xe0, "starts with a frame sync");
    int id3 = in[0] == 'I' && in[1] == 'D' && in[2] == '3'
        ? 10 + ((in[6] & 0x7f) << 21 | (in[7] & 0x7f) << 14 | (in[8] & 0x7f) << 7 | (in[9] & 0x7f)) : 0;
    assertArrayEquals(Arrays.copyOfRange(in, id3, id3 + out.length), out, "frames unchanged");
    assertFalse(out.length >= 128 && ascii(out).startsWith("TAG", out.length - 128), "no ID3v1");
    assertFalse(ascii(out).contains("APETAGEX"), "no APE tag");
  }

  // ---- FLAC -------------------------------------------------------------------------------

  static void flac(byte[] in, byte[] out) {
    assertEquals("fLaC", ascii(Arrays.copyOf(out, 4)));
    int pos = 4;
    boolean last = false;
    List<Integer> types = new ArrayList<>();
    while (!last) {
      last = (out[pos] & 0x80) != 0;
      types.add(out[pos] & 0x7f);
      int len = (out[pos + 1] & 0xff) << 16 | (out[pos + 2] & 0xff) << 8 | (out[pos + 3] & 0xff);
      pos += 4 + len;
    }
    assertEquals(0, types.get(0), "STREAMINFO first");
    assertTrue(types.stream().allMatch(t -> t == 0 || t == 3), "only STREAMINFO and SEEKTABLE: " + types);
    assertTrue((out[pos] & 0xff) == 0xff && (out[pos + 1] & 0xfe) == 0xf8, "a frame follows");
    byte[] frames = Arrays.copyOfRange(out, pos, out.length);
    assertArrayEquals(Arrays.copyOfRange(in, in.length - frames.length, in.length), frames, "frames unchanged");
  }

  // ---- Ogg --------------------------------------------------------------------------------

  record OggPage(int flags, long granule, long serial, long seq, int[] lacing, byte[] body) {}

  static List<OggPage> oggPages(byte[] b) {
    List<OggPage> pages = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 0;
    while (pos < b.length) {
      assertEquals("OggS", ascii(Arrays.copyOfRange(b, pos, pos + 4)), "capture pattern at " + pos);
      int n = b[pos + 26] & 0xff;
      int[] lacing = new int[n];
      int body = 0;
      for (int i = 0; i < n; i++) body += lacing[i] = b[pos + 27 + i] & 0xff;
      int len = 27 + n + body;
      byte[] page = Arrays.copyOfRange(b, pos, pos + len);
      long crc = buf.getInt(pos + 22) & 0xffffffffL;
      Arrays.fill(page, 22, 26, (byte) 0);
      assertEquals(crc, oggCrc(page), "CRC of page at " + pos);
      pages.add(new OggPage(b[pos + 5] & 0xff, buf.getLong(pos + 6), buf.getInt(pos + 14) & 0xffffffffL,
          buf.getInt(pos + 18) & 0xffffffffL, lacing, Arrays.copyOfRange(b, pos + 27 + n, pos + len)));
      pos += len;
    }
    return pages;
  }

  static List<byte[]> oggPackets(List<OggPage> pages) {
    List<byte[]> packets = new ArrayList<>();
    java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
    for (OggPage p : pages) {
      int off = 0;
      for (int l : p.lacing()) {
        cur.write(p.body(), off, l);
        off += l;
        if (l < 255) {
          packets.add(cur.toByteArray());
          cur.reset();
        }
      }
    }
    return packets;
  }

  /** Valid pages, consecutive sequence numbers, an empty comment header, and the same packets otherwise. */
  static void ogg(byte[] in, byte[] out) {
    List<OggPage> pages = oggPages(out);
    for (int i = 0; i < pages.size(); i++) assertEquals(pages.get(0).seq() + i, pages.get(i).seq(), "sequence");
    List<byte[]> a = oggPackets(oggPages(in));
    List<byte[]> b = oggPackets(pages);
    assertEquals(a.size(), b.size(), "packet count");
    byte[] comment = b.get(1);
    boolean vorbis = comment[0] == 3;
    int magic = vorbis ? 7 : 8;
    int vendor = ByteBuffer.wrap(comment, magic, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int count = ByteBuffer.wrap(comment, magic + 4 + vendor, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertEquals(0, count, "no comments left");
    if (vorbis) assertEquals(1, comment[magic + 8 + vendor] & 1, "framing bit");
    for (int i = 0; i < a.size(); i++) {
      if (i != 1) assertArrayEquals(a.get(i), b.get(i), "packet " + i + " unchanged");
    }
    for (int i = 0; i < pages.size(); i++) {
      OggPage p = pages.get(i);
      if (i >= 2 && p.granule() != -1) assertTrue(p.granule() >= 0);
    }
  }

  static long oggCrc(byte[] page) {
    int crc = 0;
    for (byte x : page) {
      crc ^= (x & 0xff) << 24;
      for (int k = 0; k < 8; k++) crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    }
    return crc & 0xffffffffL;
  }

  // ---- WAV --------------------------------------------------------------------------------

  static void wav(byte[] in, byte[] out) {
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", ascii(Arrays.copyOf(out, 4)));
    assertEquals(out.length - 8, b.getInt(4), "RIFF size");
    assertEquals("WAVE", ascii(Arrays.copyOfRange(out, 8, 12)));
    List<String> ids = new ArrayList<>();
    byte[] data = null;
    for (int pos = 12; pos < out.length; ) {
      String id = ascii(Arrays.copyOfRange(out, pos, pos + 4));
      int len = b.getInt(pos + 4);
      ids.add(id);
      if (id.equals("data")) data = Arrays.copyOfRange(out, pos + 8, pos + 8 + len);
      pos += 8 + len + (len & 1);
    }
    assertTrue(List.of("fmt ", "fact", "data").containsAll(ids), "only fmt, fact, data: " + ids);
    assertEquals(1, CanaryScan.indexOf(in, data) >= 0 ? 1 : 0, "the samples are the input's");
  }

  // ---- MP4 --------------------------------------------------------------------------------

  record Box(String type, int start, int header, int end) {}

  static List<Box> boxes(byte[] b, int from, int to) {
    List<Box> list = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(b);
    int pos = from;
    while (to - pos >= 8) {
      long size = buf.getInt(pos) & 0xffffffffL;
      int header = 8;
      if (size == 1) {
        size = buf.getLong(pos + 8);
        header = 16;
      } else if (size == 0) {
        size = to - pos;
      }
      assertTrue(size >= header && size <= to - pos, "box at " + pos + " fits its parent");
      list.add(new Box(ascii(Arrays.copyOfRange(b, pos + 4, pos + 8)), pos, header, pos + (int) size));
      pos += (int) size;
    }
    return list;
  }

  static Box child(byte[] b, Box parent, String type) {
    return boxes(b, parent.start() + parent.header(), parent.end()).stream().filter(x -> x.type().equals(type))
        .findFirst().orElse(null);
  }

  /** Every chunk offset of every track, in track order; each from stco or co64. */
  static List<long[]> chunkOffsets(byte[] b) {
    Box moov = boxes(b, 0, b.length).stream().filter(x -> x.type().equals("moov")).findFirst().orElseThrow();
    List<long[]> tracks = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(b);
    for (Box trak : boxes(b, moov.start() + 8, moov.end())) {
      if (!trak.type().equals("trak")) continue;
      Box stbl = child(b, child(b, child(b, trak, "mdia"), "minf"), "stbl");
      Box co = child(b, stbl, "stco");
      boolean wide = co == null;
      if (wide) co = child(b, stbl, "co64");
      int n = buf.getInt(co.start() + 12);
      long[] offsets = new long[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = wide ? buf.getLong(co.start() + 16 + 8 * i) : buf.getInt(co.start() + 16 + 4 * i) & 0xffffffffL;
      }
      tracks.add(offsets);
    }
    return tracks;
  }

  /** What a stripped movie may still hold: no udta/meta/uuid boxes, zero times, empty handler names, same chunks. */
  static void mp4(byte[] in, byte[] out) {
    List<Box> top = boxes(out, 0, out.length);
    assertEquals(out.length, top.get(top.size() - 1).end(), "boxes cover the file");
    for (Box t : top) assertTrue(List.of("ftyp", "moov", "mdat").contains(t.type()), "top-level " + t.type());
    walk(out, top.stream().filter(x -> x.type().equals("moov")).findFirst().orElseThrow(), 0);
    sameChunks(in, out);
  }

  /** Each chunk offset of {@code out} points at the bytes the same chunk offset of {@code in} points at. */
  static void sameChunks(byte[] in, byte[] out) {
    List<long[]> before = chunkOffsets(in);
    List<long[]> after = chunkOffsets(out);
    assertEquals(before.size(), after.size(), "tracks (the corpus has only audio and video)");
    for (int t = 0; t < after.size(); t++) {
      for (int i = 0; i < after.get(t).length; i++) {
        int o = (int) before.get(t)[i];
        int p = (int) after.get(t)[i];
        int n = Math.min(16, Math.min(in.length - o, out.length - p));
        assertArrayEquals(Arrays.copyOfRange(in, o, o + n), Arrays.copyOfRange(out, p, p + n),
            "track " + t + " chunk " + i + " points at the same bytes");
      }
    }
  }

  private static void walk(byte[] b, Box box, int depth) {
    assertTrue(depth < 10);
    ByteBuffer buf = ByteBuffer.wrap(b);
    int body = box.start() + box.header();
    switch (box.type()) {
      case "udta", "meta", "uuid", "keys", "ilst", "loci", "free", "skip" -> throw new AssertionError(box.type() + " left");
      case "mvhd", "tkhd", "mdhd" -> {
        int width = b[body] == 1 ? 8 : 4;
        for (int i = body + 4; i < body + 4 + 2 * width; i++) assertEquals(0, b[i], box.type() + " time zeroed");
      }
      case "hdlr" -> {
        for (int i = body + 24; i < box.end(); i++) assertEquals(0, b[i], "hdlr name empty");
      }
      case "moov", "trak", "mdia", "minf", "stbl", "edts", "dinf" -> {
        for (Box c : boxes(b, body, box.end())) walk(b, c, depth + 1);
      }
      default -> assertTrue(buf.capacity() > 0);
    }
  }

  /**
   * The same movie with moov moved before mdat and every chunk offset shifted, as "fast start"
   * tools write it: the layout where stripping moov moves the media data.
   */
  static byte[] moovFirst(byte[] in) {
    List<Box> top = boxes(in, 0, in.length);
    Box moov = top.stream().filter(x -> x.type().equals("moov")).findFirst().orElseThrow();
    Box mdat = top.stream().filter(x -> x.type().equals("mdat")).findFirst().orElseThrow();
    assertTrue(moov.start() > mdat.start());
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    o.write(in, 0, mdat.start());
    byte[] m = Arrays.copyOfRange(in, moov.start(), moov.end());
    int delta = m.length;
    ByteBuffer buf = ByteBuffer.wrap(m);
    for (int i = 4; i + 12 <= m.length; i++) {
      if (m[i] == 's' && m[i + 1] == 't' && m[i + 2] == 'c' && m[i + 3] == 'o') {
        int n = buf.getInt(i + 8);
        for (int k = 0; k < n; k++) buf.putInt(i + 12 + 4 * k, buf.getInt(i + 12 + 4 * k) + delta);
      }
    }
    o.writeBytes(m);
    o.write(in, mdat.start(), moov.start() - mdat.start());
    o.write(in, moov.end(), in.length - moov.end());
    return o.toByteArray();
  }

  static String ascii(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}

package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-made hostile and unusual media files: only a StripException may come out, quickly, and never a marker. */
class MediaStrippersEdgeTest {
  private static final StripLimits LIMITS = StripLimits.DEFAULT;

  private static Stripper stripperFor(String file) {
    String ext = file.substring(file.lastIndexOf('.') + 1);
    return switch (ext) {
      case "mp3" -> new Mp3Stripper();
      case "flac" -> new FlacStripper();
      case "ogg", "opus" -> new OggStripper();
      case "wav" -> new WavStripper();
      default -> new Mp4Stripper();
    };
  }

  private static byte[] strip(Stripper s, byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.strip(Source.of(in), out, LIMITS);
    return out.toByteArray();
  }

  private static StripException.Kind refused(Stripper s, byte[] in) {
    return assertThrows(StripException.class, () -> strip(s, in)).kind();
  }

  private static boolean hasCanary(byte[] b) {
    String s = new String(b, StandardCharsets.ISO_8859_1);
    return s.contains("CANARY") || new String(b, StandardCharsets.UTF_16LE).contains("CANARY")
        || new String(b, StandardCharsets.UTF_16BE).contains("CANARY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mp3_id3v24_apic.mp3", "flac_vorbis_picture.flac", "ogg_vorbis_comments.ogg",
      "wav_list_info.wav", "mp4_creation_location.mp4", "mov_apple_keys.mov"})
  void strip_truncatedAnywhere_refusedOrClean(String file) {
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
    byte[] whole = Corpus.entry(file).bytes();
    Stripper s = stripperFor(file);
    int n = whole.length;
    int[] cuts = {0, 1, 3, 4, 8, 10, 11, 12, 16, 27, 40, 100, n / 4, n / 3, n / 2, 2 * n / 3, 3 * n / 4, n - 129, n - 1};
    for (int cut : cuts) {
      byte[] in = Arrays.copyOf(whole, cut);
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        try {
          byte[] out = strip(s, in);
          assertFalse(hasCanary(out), file + " cut at " + cut + " let a marker through");
        } catch (StripException expected) {
          // refusing a truncated file is right
        }
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mp3_id3v24_apic.mp3", "flac_vorbis_picture.flac", "ogg_vorbis_comments.ogg",
      "wav_list_info.wav", "mp4_creation_location.mp4", "mov_apple_keys.mov"})
  void strip_flippedBytes_onlyStripException(String file) {
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
    byte[] whole = Corpus.entry(file).bytes();
    Stripper s = stripperFor(file);
    java.util.Random r = new java.util.Random(file.hashCode());
    for (int round = 0; round < 300; round++) {
      byte[] in = whole.clone();
      for (int k = 0; k < 1 + r.nextInt(4); k++) in[r.nextInt(in.length)] = (byte) r.nextInt(256);
      assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
        try {
          strip(s, in);
        } catch (StripException expected) {
          // fine
        }
      });
    }
  }

  // ---- absurd sizes, nesting, variants -------------------------------------------------------

  @Test
  void mp3_id3SizeBeyondTheFile_malformed() {
    byte[] b = {'I', 'D', '3', 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f, (byte) 0xff, (byte) 0xfb, (byte) 0x90, 0};
    assertEquals(StripException.Kind.MALFORMED, refused(new Mp3Stripper(), b));
  }

  @Test
  void mp3_noFrames_malformed() {
    assertEquals(StripException.Kind.MALFORMED, refused(new Mp3Stripper(), new byte[4096]));
  }

  @Test
  void mp3_apeLyricsAndId3v1Appended_allGoAndFramesStay() throws IOException {
    assumeTrue(Corpus.present());
    byte[] in = Corpus.entry("mp3_id3v24_apic.mp3").bytes();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(in);
    b.writeBytes(lyrics3v2("CANARY-LYRICS-7Q"));
    b.writeBytes(ape("Artist", "CANARY-APE-7Q"));
    byte[] v1 = new byte[128];
    System.arraycopy("TAGCANARY-V1-7Q".getBytes(StandardCharsets.ISO_8859_1), 0, v1, 0, 15);
    b.writeBytes(v1);
    byte[] out = strip(new Mp3Stripper(), b.toByteArray());
    assertFalse(hasCanary(out));
    MediaChecks.mp3(in, out);
  }

  private static byte[] lyrics3v2(String text) {
    String body = "LYRICSBEGININD00002" + "11" + "LYR" + String.format("%05d", text.length()) + text;
    return (body + String.format("%06d", body.length()) + "LYRICS200").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] ape(String key, String value) {
    byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
    byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer item = ByteBuffer.allocate(8 + k.length + 1 + v.length).order(ByteOrder.LITTLE_ENDIAN);
    item.putInt(v.length).putInt(0).put(k).put((byte) 0).put(v);
    ByteBuffer tag = ByteBuffer.allocate(32 + item.capacity() + 32).order(ByteOrder.LITTLE_ENDIAN);
    int size = item.capacity() + 32;
    tag.put("APETAGEX".getBytes(StandardCharsets.ISO_8859_1)).putInt(2000).putInt(size).putInt(1).putInt(0xa0000000)
        .put(new byte[8]);
    tag.put(item.array());
    tag.put("APETAGEX".getBytes(StandardCharsets.ISO_8859_1)).putInt(2000).putInt(size).putInt(1).putInt(0x80000000)
        .put(new byte[8]);
    return tag.array();
  }

  @Test
  void flac_blockLengthBeyondTheFile_malformed() {
    byte[] b = {'f', 'L', 'a', 'C', 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
    assertEquals(StripException.Kind.MALFORMED, refused(new FlacStripper(), b));
  }

  @Test
  void wav_chunkSizeBeyondTheRiff_malformed() {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(36).put("WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1))
        .putInt(0xfffffff0);
    assertEquals(StripException.Kind.MALFORMED, refused(new WavStripper(), b.array()));
  }

  @Test
  void wav_rf64_unsupported() {
    byte[] b = "RF64\u00ff\u00ff\u00ff\u00ffWAVEds64".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(StripException.Kind.UNSUPPORTED, refused(new WavStripper(), b));
  }

  @Test
  void wav_oddChunksBextAndIxml_dataKeptPaddedAndTheRestGone() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(chunk("fmt ", new byte[] {1, 0, 1, 0, 0x40, 0x1f, 0, 0, (byte) 0x80, 0x3e, 0, 0, 2, 0, 16, 0}));
    b.writeBytes(chunk("bext", "CANARY-BEXT-7Q!".getBytes(StandardCharsets.ISO_8859_1))); // odd: padded
    b.writeBytes(chunk("data", new byte[] {1, 2, 3}));
    b.writeBytes(chunk("iXML", "<BWFXML>CANARY-IXML-7Q</BWFXML>".getBytes(StandardCharsets.ISO_8859_1)));
    byte[] body = b.toByteArray();
    ByteBuffer riff = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
    riff.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + body.length).put("WAVE".getBytes(StandardCharsets.ISO_8859_1))
        .put(body);
    byte[] out = strip(new WavStripper(), riff.array());
    assertFalse(hasCanary(out));
    MediaChecks.wav(riff.array(), out);
    assertEquals(12 + 24 + 12, out.length, "fmt 16 + data 3 + pad");
  }

  private static byte[] chunk(String id, byte[] body) {
    ByteBuffer c = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    c.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length).put(body);
    return c.array();
  }

  @Test
  void ogg_badCrc_malformed() {
    assumeTrue(Corpus.present());
    byte[] in = Corpus.entry("ogg_vorbis_comments.ogg").bytes();
    in[in.length - 1] ^= 1;
    assertEquals(StripException.Kind.MALFORMED, refused(new OggStripper(), in));
  }

  /** A comment header of 200 KB spans many pages: the header pages shrink and every later page is renumbered. */
  @Test
  void ogg_commentSpanningPages_laterPagesRenumbered() throws IOException {
    assumeTrue(Corpus.present());
    byte[] orig = Corpus.entry("ogg_vorbis_comments.ogg").bytes();
    List<MediaChecks.OggPage> pages = MediaChecks.oggPages(orig);
    List<byte[]> packets = MediaChecks.oggPackets(pages);
    String field = "COMMENT=" + "CANARY-BIG-7Q ".repeat(15_000);
    ByteBuffer c = ByteBuffer.allocate(7 + 4 + 4 + 4 + field.length() + 1).order(ByteOrder.LITTLE_ENDIAN);
    c.put(new byte[] {3, 'v', 'o', 'r', 'b', 'i', 's'}).putInt(0).putInt(1).putInt(field.length())
        .put(field.getBytes(StandardCharsets.US_ASCII)).put((byte) 1);
    packets.set(1, c.array());
    int headerPages = 0;
    for (MediaChecks.OggPage p : pages) {
      if (p.granule() == 0) headerPages++;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    long serial = pages.get(0).serial();
    b.writeBytes(page(2, 0, serial, 0, List.of(packets.get(0))));
    List<byte[]> big = pagesFor(packets.subList(1, 3), serial, 1);
    for (byte[] p : big) b.writeBytes(p);
    long seq = 1 + big.size();
    for (int i = headerPages; i < pages.size(); i++) {
      MediaChecks.OggPage p = pages.get(i);
      b.writeBytes(rawPage(p.flags(), p.granule(), serial, seq++, p.lacing(), p.body()));
    }
    byte[] in = b.toByteArray();
    MediaChecks.oggPages(in); // the test's own file is valid
    byte[] out = strip(new OggStripper(), in);
    assertFalse(hasCanary(out));
    MediaChecks.ogg(in, out);
    assertTrue(MediaChecks.oggPages(out).size() < MediaChecks.oggPages(in).size());
  }

  /** Ogg Opus: OpusTags is replaced by an empty one, the audio stays. */
  @Test
  void ogg_opus_tagsEmptied() throws IOException {
    byte[] head = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 1, 0x38, 1, (byte) 0x80, (byte) 0xbb, 0, 0, 0, 0, 0};
    String tag = "ARTIST=CANARY-OPUS-7Q";
    ByteBuffer tags = ByteBuffer.allocate(8 + 4 + 5 + 4 + 4 + tag.length()).order(ByteOrder.LITTLE_ENDIAN);
    tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(5).put("vndr1".getBytes(StandardCharsets.US_ASCII))
        .putInt(1).putInt(tag.length()).put(tag.getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(page(2, 0, 7, 0, List.of(head)));
    b.writeBytes(page(0, 0, 7, 1, List.of(tags.array())));
    b.writeBytes(page(4, 960, 7, 2, List.of(new byte[] {(byte) 0xfc, (byte) 0xff, (byte) 0xfe})));
    byte[] in = b.toByteArray();
    byte[] out = strip(new OggStripper(), in);
    assertFalse(hasCanary(out));
    MediaChecks.ogg(in, out);
  }

  @Test
  void ogg_otherCodec_unsupported() {
    byte[] in = page(2, 0, 1, 0, List.of("\u0080theora".getBytes(StandardCharsets.ISO_8859_1)));
    assertEquals(StripException.Kind.UNSUPPORTED, refused(new OggStripper(), in));
  }

  private static byte[] page(int flags, long granule, long serial, long seq, List<byte[]> packets) {
    List<Integer> lacing = new ArrayList<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      for (int left = p.length; ; left -= 255) {
        lacing.add(Math.min(255, left));
        if (left < 255) break;
      }
      body.writeBytes(p);
    }
    return rawPage(flags, granule, serial, seq, lacing.stream().mapToInt(Integer::intValue).toArray(), body.toByteArray());
  }

  /** Test-side pagination, simpler than the stripper's: full 255-segment pages, then the rest. */
  private static List<byte[]> pagesFor(List<byte[]> packets, long serial, long firstSeq) {
    List<Integer> lacing = new ArrayList<>();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      for (int left = p.length; ; left -= 255) {
        lacing.add(Math.min(255, left));
        if (left < 255) break;
      }
      all.writeBytes(p);
    }
    byte[] data = all.toByteArray();
    List<byte[]> pages = new ArrayList<>();
    int seg = 0;
    int off = 0;
    boolean cont = false;
    while (seg < lacing.size()) {
      int n = Math.min(255, lacing.size() - seg);
      int[] l = new int[n];
      int len = 0;
      for (int i = 0; i < n; i++) len += l[i] = lacing.get(seg + i);
      boolean ends = l[n - 1] < 255;
      pages.add(rawPage(cont ? 1 : 0, seg + n == lacing.size() ? 0 : -1, serial, firstSeq + pages.size(), l,
          Arrays.copyOfRange(data, off, off + len)));
      cont = !ends;
      seg += n;
      off += len;
    }
    return pages;
  }

  private static byte[] rawPage(int flags, long granule, long serial, long seq, int[] lacing, byte[] body) {
    ByteBuffer p = ByteBuffer.allocate(27 + lacing.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
    p.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granule)
        .putInt((int) serial).putInt((int) seq).putInt(0).put((byte) lacing.length);
    for (int l : lacing) p.put((byte) l);
    p.put(body);
    byte[] b = p.array();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(22, (int) MediaChecks.oggCrc(b));
    return b;
  }

  // ---- MP4 ----------------------------------------------------------------------------------

  private static byte[] box(String type, byte[]... children) {
    int n = 8;
    for (byte[] c : children) n += c.length;
    ByteBuffer b = ByteBuffer.allocate(n);
    b.putInt(n).put(type.getBytes(StandardCharsets.ISO_8859_1));
    for (byte[] c : children) b.put(c);
    return b.array();
  }

  @Test
  void mp4_hugeLargeSize_malformed() {
    ByteBuffer b = ByteBuffer.allocate(32);
    b.putInt(16).put("ftypisom".getBytes(StandardCharsets.ISO_8859_1)).putInt(0);
    b.putInt(1).put("moov".getBytes(StandardCharsets.ISO_8859_1)).putLong(1L << 62);
    assertEquals(StripException.Kind.MALFORMED, refused(new Mp4Stripper(), b.array()));
  }

  @Test
  void mp4_moovAboveTheBlockLimit_tooComplex() {
    byte[] in = box("moov", new byte[4096]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StripLimits small = new StripLimits(1 << 20, 10, 32, 1000, 1000, 1024);
    StripException e = assertThrows(StripException.class, () -> new Mp4Stripper().strip(Source.of(in), out, small));
    assertEquals(StripException.Kind.TOO_COMPLEX, e.kind());
  }

  @Test
  void mp4_deeplyNestedUdta_tooComplex() {
    byte[] inner = box("©xyz", "+33.5138+036.2765/".getBytes(StandardCharsets.ISO_8859_1));
    for (int i = 0; i < 200; i++) inner = box("udta", inner);
    byte[] in = box("moov", inner);
    assertEquals(StripException.Kind.TOO_COMPLEX, refused(new Mp4Stripper(), in));
  }

  @Test
  void mp4_fragmented_unsupported() {
    byte[] in = concat(box("ftyp", "isom\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)), box("moov"), box("moof"));
    assertEquals(StripException.Kind.UNSUPPORTED, refused(new Mp4Stripper(), in));
  }

  @Test
  void mp4_chunkCountBeyondTheBox_malformed() {
    assumeTrue(Corpus.present());
    byte[] in = Corpus.entry("mp4_creation_location.mp4").bytes();
    int stco = indexOf(in, "stco");
    ByteBuffer.wrap(in).putInt(stco + 8, 0x7fffffff);
    assertEquals(StripException.Kind.MALFORMED, refused(new Mp4Stripper(), in));
  }

  /**
   * A track the stripper does not keep (here the audio track relabelled as timed metadata, as GPS
   * telemetry is): it leaves the movie, and its samples in mdat are zeroed, not left behind.
   */
  @Test
  void mp4_droppedTrack_samplesZeroedAndOtherTrackIntact() throws IOException {
    assumeTrue(Corpus.present());
    byte[] in = Corpus.entry("mp4_creation_location.mp4").bytes();
    int soun = indexOf(in, "soun");
    System.arraycopy("meta".getBytes(StandardCharsets.ISO_8859_1), 0, in, soun, 4);
    List<long[]> before = MediaChecks.chunkOffsets(in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stripped s = new Mp4Stripper().strip(Source.of(in), out, LIMITS);
    byte[] o = out.toByteArray();
    assertTrue(s.removed().contains(Category.OTHER));
    List<long[]> after = MediaChecks.chunkOffsets(o);
    assertEquals(1, after.size(), "only the video track is left");
    long shift = after.get(0)[0] - before.get(0)[0];
    for (long audio : before.get(1)) {
      int p = (int) (audio + shift);
      assertTrue(MediaChecksZero.allZero(o, p, 8), "audio chunk at " + audio + " zeroed");
    }
    for (int i = 0; i < before.get(0).length; i++) {
      int a = (int) before.get(0)[i];
      int b = (int) after.get(0)[i];
      assertArrayEquals(Arrays.copyOfRange(in, a, a + 8), Arrays.copyOfRange(o, b, b + 8));
    }
  }

  private static final class MediaChecksZero {
    static boolean allZero(byte[] b, int from, int n) {
      for (int i = from; i < from + n; i++) {
        if (b[i] != 0) return false;
      }
      return true;
    }
  }

  private static int indexOf(byte[] b, String s) {
    int i = CanaryScan.indexOf(b, s.getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(i >= 0, s);
    return i;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) b.writeBytes(p);
    return b.toByteArray();
  }
}

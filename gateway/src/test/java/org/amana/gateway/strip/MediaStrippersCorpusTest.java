package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.tika.Tika;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every audio and video file of the corpus through the stripper Tika's type picks: no marker
 * survives (CanaryScan), the output re-walks as a valid file whose audio or video payload is the
 * input's, and exiftool validates it.
 */
class MediaStrippersCorpusTest {
  private static final Map<String, BiConsumer<byte[], byte[]>> CHECKS = Map.of(
      "mp3_id3v24_apic.mp3", MediaChecks::mp3,
      "flac_vorbis_picture.flac", MediaChecks::flac,
      "ogg_vorbis_comments.ogg", MediaChecks::ogg,
      "wav_list_info.wav", MediaChecks::wav,
      "mp4_creation_location.mp4", MediaChecks::mp4,
      "mov_apple_keys.mov", MediaChecks::mp4);
  private static final Map<String, String> REFINED = Map.of(
      "mp4_creation_location.mp4", "video/mp4", "mov_apple_keys.mov", "video/quicktime");

  private static final List<String> TABLE = new ArrayList<>();

  @ParameterizedTest
  @ValueSource(strings = {"mp3_id3v24_apic.mp3", "flac_vorbis_picture.flac", "ogg_vorbis_comments.ogg",
      "wav_list_info.wav", "mp4_creation_location.mp4", "mov_apple_keys.mov"})
  void strip_corpusFile_noMarkerSurvivesAndOutputIsValid(String file) throws IOException {
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
    Corpus.Entry e = Corpus.entry(file);
    byte[] in = e.bytes();
    String type = new Tika().detect(in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stripped s = Strippers.standard().strip(type, in, out);
    byte[] o = out.toByteArray();

    assertEquals(List.of(), CanaryScan.survivors(o, e.markers()), file + ": markers that survived");
    assertFalse(s.removed().isEmpty(), "categories reported");
    CHECKS.get(file).accept(in, o);
    String suffix = file.substring(file.lastIndexOf('.'));
    assertEquals(List.of(), MediaChecks.exiftoolProblems(o, suffix), "exiftool -validate");
    if (REFINED.containsKey(file)) assertEquals(REFINED.get(file), s.refinedType());
    System.out.printf("%-28s %-16s %-60s survivors=0 exiftool-validate=OK%n", file, type, s.removed());
  }

  /** The "fast start" layout (moov before mdat): shrinking moov moves the media data, and every chunk offset follows. */
  @ParameterizedTest
  @ValueSource(strings = {"mp4_creation_location.mp4", "mov_apple_keys.mov"})
  void strip_moovBeforeMdat_chunkOffsetsFollowTheData(String file) throws IOException {
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
    Corpus.Entry e = Corpus.entry(file);
    byte[] in = MediaChecks.moovFirst(e.bytes());
    MediaChecks.sameChunks(e.bytes(), in); // the rewrite itself is right
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Stripped s = new Mp4Stripper().strip(Source.of(in), out, StripLimits.DEFAULT);
    byte[] o = out.toByteArray();
    assertTrue(o.length < in.length);
    assertEquals(List.of(), CanaryScan.survivors(o, e.markers()));
    MediaChecks.mp4(in, o);
    assertEquals(List.of(), MediaChecks.exiftoolProblems(o, file.substring(file.lastIndexOf('.'))));
    assertFalse(s.removed().isEmpty());
  }

  @Test
  void registry_everyMediaTypeHasAStripper() {
    Strippers all = Strippers.standard();
    for (String t : List.of("audio/mpeg", "audio/x-flac", "audio/flac", "audio/vorbis", "audio/ogg", "audio/opus",
        "audio/vnd.wave", "audio/x-wav", "video/quicktime", "video/mp4", "audio/mp4")) {
      assertTrue(all.forType(t).isPresent(), t);
    }
  }
}

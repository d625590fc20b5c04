package org.amana.gateway.strip;

import java.util.HashMap;
import java.util.Map;

/** The strippers for MP3, FLAC, Ogg, WAV, MP4 and QuickTime, by the media type Tika detects. */
final class MediaStrippers {
  private MediaStrippers() {}

  static Map<String, Stripper> all() {
    Map<String, Stripper> all = new HashMap<>();
    Stripper mp3 = new Mp3Stripper();
    Stripper flac = new FlacStripper();
    Stripper ogg = new OggStripper();
    Stripper wav = new WavStripper();
    Stripper mp4 = new Mp4Stripper();
    for (String t : new String[] {"audio/mpeg", "audio/x-mpeg", "audio/mp3"}) all.put(t, mp3);
    for (String t : new String[] {"audio/x-flac", "audio/flac"}) all.put(t, flac);
    // Ogg types Tika gives by codec; the stripper itself refuses codecs other than Vorbis and Opus.
    for (String t : new String[] {"audio/vorbis", "audio/ogg", "audio/opus", "application/ogg", "application/x-ogg"}) {
      all.put(t, ogg);
    }
    for (String t : new String[] {"audio/vnd.wave", "audio/x-wav", "audio/wav", "audio/wave"}) all.put(t, wav);
    for (String t : new String[] {"video/quicktime", "video/mp4", "audio/mp4", "audio/x-m4a", "video/x-m4v",
        "application/mp4", "video/3gpp", "video/3gpp2", "audio/3gpp", "audio/3gpp2"}) {
      all.put(t, mp4);
    }
    return Map.copyOf(all);
  }
}

package org.amana.gateway.strip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker must be able to fail: on the untouched corpus it finds every marker the manifest
 * lists. Otherwise "0 canaries survive" would prove nothing.
 */
class CanaryScanTest {
  @Test
  void findsEveryMarkerInTheOriginals() {
    assumeTrue(Corpus.present() || !"true".equals(System.getenv("CI")), "the corpus must be present under CI");
    assumeTrue(Corpus.present(), "no corpus at " + Corpus.folder());
    List<String> missed = new ArrayList<>();
    for (Corpus.Entry e : Corpus.entries()) {
      List<String> found = CanaryScan.survivors(e.bytes(), e.markers());
      for (String m : e.markers()) {
        if (!found.contains(m)) missed.add(e.file() + ": " + m);
      }
    }
    assertEquals(List.of(), missed, "markers the scan cannot see in the original files");
  }
}

package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The reviewer's action log in the state folder ({@code actions.log}, mode 0600): one JSON line
 * per action or refusal, appended and never rewritten. Each line carries the SHA-256 of the line
 * before it ({@code prev}), so an edited, removed or reordered line breaks the chain from there on
 * ({@link #verify}). The lines hold no case details (only what was done, to which submission, the
 * outcome and a reason code); the details are sealed to the reviewer's token
 * ({@code actions/<sha256>.age}) and reported to the gateway, whose integrity log then holds the
 * SHA-256 of the sealed details as a custody event. Whoever controls this workstation can still
 * delete the whole file; the gateway's copy is what survives that.
 */
final class ActionLog {
  static final String FILE = "actions.log";
  static final String DETAILS = "actions";
  private static final String GENESIS = "0".repeat(64);

  private ActionLog() {}

  /** One line as written. */
  record Line(int number, String text) {}

  static List<Line> lines(State state) throws IOException {
    Path f = state.home.resolve(FILE);
    List<Line> out = new ArrayList<>();
    if (!Files.isRegularFile(f)) return out;
    int n = 0;
    for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) out.add(new Line(++n, l));
    return out;
  }

  /** Appends an entry after the last one (its number and prev filled in); returns it as written. */
  static JsonNode append(State state, ObjectNode fields) throws IOException {
    List<Line> existing = lines(state);
    String prev = existing.isEmpty() ? GENESIS : ConsentRecord.sha256(existing.getLast().text().getBytes(StandardCharsets.UTF_8));
    ObjectNode entry = State.JSON.createObjectNode().put("n", existing.size() + 1)
        .put("day", LocalDate.now(ZoneOffset.UTC).toString());
    entry.setAll(fields);
    entry.put("prev", prev);
    byte[] line = (State.JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    Path f = state.home.resolve(FILE);
    try (FileChannel c = FileChannel.open(f, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      c.write(ByteBuffer.wrap(line));
      c.force(true); // a refusal is on disk before the command returns
    }
    return entry;
  }

  /** The first problem in the chain (line number and what), or null when every line links to the one before. */
  static String verify(State state) throws IOException {
    String prev = GENESIS;
    for (Line l : lines(state)) {
      JsonNode e;
      try {
        e = State.JSON.readTree(l.text());
      } catch (IOException x) {
        return "line " + l.number() + " is not a valid entry";
      }
      if (e == null || !e.path("prev").asText().equals(prev)) {
        return "line " + l.number() + " does not follow the line before it: an entry before or at line " + l.number()
            + " was edited, removed or inserted";
      }
      if (e.path("n").asInt() != l.number()) return "line " + l.number() + " carries number " + e.path("n").asInt();
      prev = ConsentRecord.sha256(l.text().getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  /** Where the sealed details of an entry are kept. */
  static Path details(State state, String sha256) throws IOException {
    Path dir = state.home.resolve(DETAILS);
    State.mkdirPrivate(dir);
    return dir.resolve(sha256 + ".age");
  }
}

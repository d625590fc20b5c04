package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionLogTest {
  @TempDir Path dir;

  private State state() throws Exception {
    Path home = Files.createDirectory(dir.resolve("home"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    State.HomeOption o = new State.HomeOption();
    o.home = home;
    State s = o.open();
    for (int i = 0; i < 4; i++) {
      ActionLog.append(s, State.JSON.createObjectNode().put("submission", "s").put("action", "export").put("outcome", i % 2 == 0 ? "refused" : "done"));
    }
    return s;
  }

  @Test
  void verify_appendedEntries_intactAndPrivate() throws Exception {
    State s = state();
    assertNull(ActionLog.verify(s));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(s.home.resolve(ActionLog.FILE))));
    StringWriter out = new StringWriter();
    assertEquals(0, ConsoleMain.run(new String[] {"log", "verify", "--home", s.home.toString()}, new PrintWriter(out), new PrintWriter(new StringWriter())));
    assertTrue(out.toString().contains("4 entries"), out.toString());
  }

  @Test
  void verify_editedRemovedOrInsertedLine_namesWhereTheChainBreaks() throws Exception {
    State s = state();
    Path f = s.home.resolve(ActionLog.FILE);
    List<String> lines = Files.readAllLines(f);

    Files.write(f, edit(lines, 1, lines.get(1).replace("\"done\"", "\"refused\"")));
    assertTrue(ActionLog.verify(s).startsWith("line 3 does not follow"), ActionLog.verify(s));

    List<String> removed = new ArrayList<>(lines);
    removed.remove(2);
    Files.write(f, removed);
    assertTrue(ActionLog.verify(s).startsWith("line 3"), ActionLog.verify(s));

    Files.write(f, lines.subList(0, 3)); // the last line removed: the chain is intact, the count shows it
    assertNull(ActionLog.verify(s));
    StringWriter err = new StringWriter();
    Files.write(f, edit(lines, 3, lines.get(3).replace("export", "exp0rt")));
    assertNull(ActionLog.verify(s), "the newest line has no successor to vouch for it: the gateway's leaf does");
    Files.write(f, edit(lines, 0, "{}"));
    assertEquals(5, ConsoleMain.run(new String[] {"log", "verify", "--home", s.home.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err)));
    assertTrue(err.toString().contains("line 1"), err.toString());
  }

  private static List<String> edit(List<String> lines, int i, String line) {
    List<String> out = new ArrayList<>(lines);
    out.set(i, line);
    return out;
  }
}

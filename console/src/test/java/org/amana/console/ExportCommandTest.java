package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @TempDir Path dir;

  @Test
  void extension_knownTypesMapped_everythingElseBin() {
    assertEquals("pdf", ExportCommand.extension("application/pdf"));
    assertEquals("jpg", ExportCommand.extension("image/jpeg"));
    assertEquals("png", ExportCommand.extension("image/png"));
    assertEquals("txt", ExportCommand.extension("text/plain; charset=UTF-8"));
    assertEquals("txt", ExportCommand.extension("Text/Plain"));
    for (String other : new String[] {"application/x-msdownload", "text/html", "../../x", "", "a/b/../c"}) {
      assertEquals("bin", ExportCommand.extension(other), other);
    }
    assertEquals("bin", ExportCommand.extension(null));
  }

  @Test
  void checkPrivateDir_refusesSharedMissingAndPlainFiles() throws Exception {
    Path mine = Files.createDirectory(dir.resolve("mine"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    assertEquals(mine.toRealPath(), ExportCommand.checkPrivateDir(mine));
    for (String mode : new String[] {"rwxr-x---", "rwx-w----", "rwx---r--", "rwx----w-", "rwxrwxrwx"}) {
      Path d = Files.createDirectory(dir.resolve("d" + mode.hashCode()));
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
      Exit.Failure f = assertThrows(Exit.Failure.class, () -> ExportCommand.checkPrivateDir(d), mode);
      assertEquals(Exit.UNSAFE_OUTPUT, f.exit, mode);
    }
    assertEquals(Exit.IO, assertThrows(Exit.Failure.class, () -> ExportCommand.checkPrivateDir(dir.resolve("missing"))).exit);
    Path file = Files.createFile(dir.resolve("file"));
    assertEquals(Exit.IO, assertThrows(Exit.Failure.class, () -> ExportCommand.checkPrivateDir(file)).exit);
  }
}

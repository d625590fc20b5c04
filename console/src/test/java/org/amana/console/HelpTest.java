package org.amana.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Usage text up front: every command explains itself, and the root warns about opening files. */
class HelpTest {

  @Test
  void help_root_adviseDisposableVmAndListsExitCodes() {
    Cli.Result r = Cli.ok("--help");

    String out = r.out().replaceAll("\\s+", " ");
    assertTrue(out.contains("disposable VM"), r::toString);
    assertTrue(out.contains("Dangerzone"), r::toString);
    assertTrue(out.contains("Exit codes:"), r::toString);
    for (String command : new String[] {"keygen", "token", "encrypt", "decrypt", "login", "pull", "import", "list", "open", "verify", "export", "reply"}) {
      assertTrue(out.contains(command), () -> command + " listed\n" + r);
    }
    assertEquals("", r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"keygen", "token", "token init", "token list", "token recipient", "token login-key", "encrypt", "decrypt", "login", "pull", "import", "list", "open", "verify", "export", "reply"})
  void help_eachCommand_exit0WithUsage(String command) {
    String[] words = (command + " --help").split(" ");
    Cli.Result r = Cli.ok((Object[]) words);

    assertTrue(r.out().startsWith("Usage: amana-console " + command), r::toString);
    assertEquals("", r.err());
  }

  @Test
  void help_decrypt_advisesOpeningTheResultSafely() {
    String out = Cli.ok("decrypt", "--help").out().replaceAll("\\s+", " ");

    assertTrue(out.contains("disposable VM") && out.contains("Dangerzone"), out);
  }

  @Test
  void noArguments_exit2WithHint() {
    Cli.Result r = Cli.run();

    assertEquals(Exit.USAGE.code, r.exit(), r::toString);
    assertTrue(r.err().contains("Missing required subcommand") && r.err().contains("amana-console --help"), r::toString);
  }

  @Test
  void unknownCommand_exit2WithHint() {
    Cli.Result r = Cli.run("frobnicate");

    assertEquals(Exit.USAGE.code, r.exit(), r::toString);
    assertTrue(r.err().contains("amana-console --help"), r::toString);
  }
}

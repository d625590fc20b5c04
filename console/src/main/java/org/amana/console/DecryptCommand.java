package org.amana.console;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.amana.crypto.Age;
import org.amana.crypto.Identities;
import org.amana.crypto.Identity;
import org.amana.crypto.pkcs11.Pkcs11Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Opens a sealed (age) file, binary or armored, with identity files or a hardware token.",
      "The output appears only after the whole file verified; on any failure nothing is left",
      "behind. Decrypted output never goes to a terminal: use -o FILE (created with mode 0600).",
      "Open the result only in a disposable VM or after converting it (e.g. with Dangerzone).",
    })
final class DecryptCommand implements Callable<Integer> {

  @Option(names = {"-i", "--identity"}, paramLabel = "FILE", description = "An identity file (repeatable).")
  List<Path> identityFiles = new ArrayList<>();

  @ArgGroup(exclusive = false, heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Where to write the plaintext (mode 0600; never overwritten).")
  String output;

  @Parameters(arity = "0..1", paramLabel = "IN", description = "The sealed file. Default: standard input.")
  String input;

  @Override
  public Integer call() throws Exception {
    if (identityFiles.isEmpty() && !token.given()) {
      throw Exit.fail(Exit.USAGE, "Say how to open the file: -i IDENTITY_FILE, or --module LIB --token LABEL.");
    }
    List<Identity> ids = new ArrayList<>();
    for (Path f : identityFiles) {
      try {
        ids.addAll(Identities.parseFile(Files.readString(f)));
      } catch (IllegalArgumentException e) {
        throw Exit.fail(Exit.USAGE, f + " is not an identity file: " + e.getMessage());
      }
    }
    Pkcs11Token t = token.given() ? token.open() : null;
    try {
      if (t != null) ids.addAll(token.identities(t));
      try (InputStream in = Terminal.input(input);
          Terminal.Output out = Terminal.output(output, true,
              "Refusing to write decrypted content to the terminal: it may carry escape sequences that attack it. Use -o FILE.");
          InputStream plain = Age.openAny(in, ids, ConsoleMain.THREADS)) {
        OutputStream dst = out.stream();
        plain.transferTo(dst);
        out.commit();
      }
    } finally {
      if (t != null) t.close();
    }
    return 0;
  }
}

package org.amana.console;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.amana.crypto.Age;
import org.amana.crypto.Recipient;
import org.amana.crypto.Recipients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    description = {
      "Seals a file to one or more recipients, as a standard age v1 file.",
      "Recipients: age1… (X25519), age1tag1… (a token's P-256 key), age1pq1… and age1tagpq1…",
      "(post-quantum hybrids; not to be mixed with classic ones), age1yubikey1… (age-plugin-yubikey).",
    })
final class EncryptCommand implements Callable<Integer> {

  @Option(names = {"-r", "--recipient"}, paramLabel = "RECIPIENT", description = "A recipient (repeatable).")
  List<String> recipients = new ArrayList<>();

  @Option(names = {"-R", "--recipients-file"}, paramLabel = "FILE",
      description = "A file of recipients, one per line; '#' starts a comment (repeatable).")
  List<Path> recipientFiles = new ArrayList<>();

  @Option(names = {"-a", "--armor"}, description = "Write ASCII armor (text) instead of binary.")
  boolean armor;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Where to write (never overwritten). Default: standard output.")
  String output;

  @Parameters(arity = "0..1", paramLabel = "IN", description = "The file to seal. Default: standard input.")
  String input;

  @Override
  public Integer call() throws Exception {
    List<Recipient> all = new ArrayList<>();
    for (String r : recipients) all.add(parse(r, "-r"));
    for (Path f : recipientFiles) {
      int n = 0;
      for (String line : Files.readAllLines(f)) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        all.add(parse(t, f + " line " + n));
      }
    }
    if (all.isEmpty()) throw Exit.fail(Exit.USAGE, "No recipient given. Use -r RECIPIENT or -R FILE.");
    try (InputStream in = Terminal.input(input);
        Terminal.Output out = Terminal.output(output, false, armor ? null :
            "Refusing to write binary to the terminal. Use -o FILE, or -a for text (armor).")) {
      try (OutputStream sealed = Age.seal(nonClosing(out.stream()), all, armor, ConsoleMain.THREADS)) {
        in.transferTo(sealed);
      }
      out.commit();
    }
    return 0;
  }

  private static Recipient parse(String s, String where) {
    try {
      return Recipients.parse(s);
    } catch (IllegalArgumentException e) {
      throw Exit.fail(Exit.USAGE, "Not a valid recipient (" + where + "): " + e.getMessage());
    }
  }

  /** Age.seal closes its sink when the last chunk is written; the Output commits or removes it. */
  static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws java.io.IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws java.io.IOException {
        out.flush();
      }
    };
  }
}

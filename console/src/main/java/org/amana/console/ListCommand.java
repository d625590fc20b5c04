package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the pulled submissions: id, day received, number of files, sealed size and local state",
      "(partial, pulled, opened). Nothing from inside the seal is shown: that needs 'open' and the token.",
    })
final class ListCommand implements Callable<Integer> {
  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    State state = home.open();
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    if (Files.isDirectory(state.submissions())) {
      try (Stream<Path> folders = Files.list(state.submissions())) {
        // Hidden folders are an import's work in progress, not submissions.
        for (Path folder : folders.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")).toList()) {
          Path listing = folder.resolve(State.LISTING);
          if (!Files.isRegularFile(listing)) continue;
          JsonNode f = State.JSON.readTree(listing.toFile());
          String day = f.path("receivedOn").asText();
          if (!day.matches("\\d{4}-\\d{2}-\\d{2}")) day = "?";
          String local = !State.complete(folder, f) ? "partial"
              : Files.exists(folder.resolve(State.OPENED)) ? "opened" : "pulled";
          rows.add(new String[] {State.checkId(folder.getFileName().toString()), day,
              Integer.toString(f.path("files").asInt()), Progress.size(f.path("sealedSize").asLong()), local});
        }
      }
    }
    if (rows.isEmpty()) {
      out.println("No submissions here yet. Run 'amana-console login --api URL' and 'amana-console pull', or, offline, "
          + "'amana-console import DIR' with the operator's stick.");
      return 0;
    }
    rows.sort(Comparator.<String[], String>comparing(r -> r[1]).thenComparing(r -> r[0]));
    out.printf("%-36s  %-10s  %5s  %10s  %s%n", "ID", "RECEIVED", "FILES", "SEALED", "STATE");
    for (String[] r : rows) out.printf("%-36s  %-10s  %5s  %10s  %s%n", (Object[]) r);
    return 0;
  }
}

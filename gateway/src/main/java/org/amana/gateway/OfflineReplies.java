package org.amana.gateway;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.amana.gateway.api.Replies;
import org.amana.gateway.api.ReviewerRecords;
import org.amana.storage.StoreException;
import org.amana.storage.SubmissionId;

/**
 * Takes the sealed replies an offline reviewer wrote to a folder ({@code console reply ID --out DIR})
 * and stores them as the reviewer API's reply endpoint would, through the same {@link Replies}; and
 * the sealed consent requests ({@code console consent request ID --out DIR}), as the API's
 * consent-request endpoint would ({@link ReviewerRecords}).
 * Each reply file is renamed to {@code ….imported} once stored; a file stored before (the rename was
 * lost) is recognised by its hash and not stored twice.
 */
final class OfflineReplies {
  /** The name {@code console reply --out} gives a reply (or a consent request): the submission's id and 64 random bits. */
  static final Pattern NAME = Pattern.compile(
      "(reply|consent-request)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-[0-9a-f]{16}\\.age");
  static final String IMPORTED = ".imported";

  private final Replies replies;
  private final ReviewerRecords requests;
  private final Path dir;
  private final PrintWriter out;

  OfflineReplies(Replies replies, Path dir, PrintWriter out) {
    this.replies = replies;
    this.requests = new ReviewerRecords(replies.store(), replies);
    this.dir = dir;
    this.out = out;
  }

  void run() throws IOException {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a folder. Give the folder the reviewer's replies are in.");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
    int stored = 0;
    int requested = 0;
    int before = 0;
    List<String> refused = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      String problem = problem(f);
      if (problem == null) {
        Matcher m = NAME.matcher(name);
        m.matches();
        try {
          SubmissionId id = SubmissionId.parse(m.group(2));
          boolean added = m.group(1).equals("reply") ? replies.accept(id, Buffer.buffer(read(f))).await()
              : requests.request(id, Buffer.buffer(read(f))).map(true).await(); // a request stored before counts as stored
          Files.move(f, f.resolveSibling(name + IMPORTED), StandardCopyOption.ATOMIC_MOVE);
          out.println(name + "  " + (added ? "stored: the defender sees it at the next check-in" : "stored before; marked imported"));
          if (m.group(1).equals("consent-request")) requested++;
          else if (added) stored++;
          else before++;
          continue;
        } catch (Replies.Refused e) {
          problem = e.getMessage();
        } catch (StoreException e) {
          if (e.reason() != StoreException.Reason.NOT_FOUND) throw e;
          problem = "no committed submission " + m.group(2) + " on this gateway (is this the right gateway?)";
        }
      }
      out.println(name + "  REFUSED: " + problem);
      refused.add(name);
    }
    out.println(files.isEmpty() ? "No reply files (reply-….age) in " + dir + "."
        : stored + " reply(ies) stored, " + before + " stored before, " + requested + " consent request(s) stored, "
            + refused.size() + " refused.");
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(refused.size() + " reply file(s) were not stored and stay in " + dir
          + " as they are: " + String.join(", ", refused) + ". Ask the reviewer to write them again.");
    }
  }

  /** Null when the file can be read as a reply; else why not. */
  private static String problem(Path f) throws IOException {
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return "not a regular file";
    if (Files.exists(f.resolveSibling(f.getFileName() + IMPORTED), LinkOption.NOFOLLOW_LINKS)) {
      return "a file of the same name was imported before; this one is another copy";
    }
    if (Files.size(f) > Replies.MAX_BYTES) return "larger than a sealed reply may be (" + Replies.MAX_BYTES + " bytes)";
    return null;
  }

  private static byte[] read(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      return in.readNBytes(Replies.MAX_BYTES + 1); // Replies refuses anything longer, even if it grew since
    }
  }
}

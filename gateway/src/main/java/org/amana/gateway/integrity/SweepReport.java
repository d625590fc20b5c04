package org.amana.gateway.integrity;

import java.time.LocalDate;
import java.util.List;

/**
 * What one integrity sweep found. {@code findings} name each problem (a submission id, a leaf index,
 * a checkpoint size, and what is wrong); {@code notes} are facts that are not problems (the log grew
 * since its newest checkpoint). The day is the only time kept.
 */
public record SweepReport(LocalDate day, long leaves, long submissions, long blobs, long sealedBytes,
    long checkpointSize, List<String> findings, List<String> notes) {

  public SweepReport {
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  public boolean ok() {
    return findings.isEmpty();
  }

  /** The plain report an operator reads. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("Integrity sweep of ").append(day).append(": ").append(leaves).append(" log leaves, ").append(submissions)
        .append(" submissions, ").append(blobs).append(" sealed objects (").append(sealedBytes).append(" bytes) re-hashed; ")
        .append(checkpointSize < 0 ? "no signed checkpoint" : "newest signed checkpoint: " + checkpointSize).append(".\n");
    for (String n : notes) b.append("  note: ").append(n).append('\n');
    for (String f : findings) b.append("  FINDING: ").append(f).append('\n');
    b.append(findings.isEmpty() ? "OK: nothing is missing, added, altered or reordered.\n"
        : findings.size() + " finding(s). Nothing was repaired: keep this report and investigate.\n");
    return b.toString();
  }
}

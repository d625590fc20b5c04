package org.amana.gateway.ingest;

import java.util.Set;
import org.amana.gateway.strip.Category;
import org.amana.gateway.strip.StripException;

/**
 * What happened to one file's metadata, as the manifest records it and the defender is told. The
 * categories name what was removed, never the values.
 *
 * @param status what was done to the file
 * @param removed categories found and removed (empty unless {@link Status#REMOVED})
 * @param problem why it could not be cleaned ({@link Status#NOT_REMOVED} only; else null)
 */
public record MetadataOutcome(Status status, Set<Category> removed, Problem problem) {
  public enum Status {
    /** Cleaned: identifying metadata was found and removed. */
    REMOVED,
    /** Cleaned: the file was checked and carried no identifying metadata (plain text, a bare image). */
    NONE_FOUND,
    /** The defender chose to keep their files exactly as they are. */
    KEPT,
    /** The gateway could not clean it; sealed as received, sent only if the defender agrees. */
    NOT_REMOVED
  }

  /** Why a file could not be cleaned; each has a plain sentence for the defender. */
  public enum Problem {
    /** No stripper for this type. */
    UNSUPPORTED_TYPE,
    /** The file does not follow its format (truncated, damaged, or not what it seems). */
    DAMAGED,
    /** Built to overload a parser (a compression bomb, absurd sizes); refused, never sent. */
    TOO_COMPLEX;

    static Problem of(StripException e) {
      return switch (e.kind()) {
        case MALFORMED -> DAMAGED;
        case TOO_COMPLEX -> TOO_COMPLEX;
        case UNSUPPORTED -> UNSUPPORTED_TYPE;
      };
    }
  }

  public MetadataOutcome {
    removed = Set.copyOf(removed);
  }

  public static MetadataOutcome cleaned(Set<Category> removed) {
    return new MetadataOutcome(removed.isEmpty() ? Status.NONE_FOUND : Status.REMOVED, removed, null);
  }

  public static MetadataOutcome kept() {
    return new MetadataOutcome(Status.KEPT, Set.of(), null);
  }

  public static MetadataOutcome notRemoved(Problem problem) {
    return new MetadataOutcome(Status.NOT_REMOVED, Set.of(), problem);
  }

  /** The defender must decide about this file before the submission is stored. */
  public boolean needsDecision() {
    return status == Status.NOT_REMOVED;
  }

  /** The file may not be sent even if the defender asks (a bomb is refused, never sent on). */
  public boolean refused() {
    return problem == Problem.TOO_COMPLEX;
  }
}

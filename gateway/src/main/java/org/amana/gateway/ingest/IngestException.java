package org.amana.gateway.ingest;

/**
 * Why a submission was refused. The site turns each reason into a translated page that says what
 * happened and what to do; the defender never sees exception text.
 */
public final class IngestException extends RuntimeException {
  /** Each reason has its own message in the site's bundles (key {@code error.<name in lower case>}). */
  public enum Reason {
    FILE_TOO_LARGE,
    TOTAL_TOO_LARGE,
    TOO_MANY_FILES,
    TOO_MANY_PARTS,
    REPORT_TOO_LONG,
    FIELD_TOO_LONG,
    EMPTY,
    MALFORMED,
    CUT_OFF,
    UNKNOWN_CHECK_IN,
    /** A decision about files that could not be cleaned came too late (or twice): the upload is gone. */
    DECISION_EXPIRED,
    /** The consent on record changed since the page was shown (another tab or device): nothing was recorded. */
    CONSENT_CHANGED,
    UNAVAILABLE
  }

  private final Reason reason;

  public IngestException(Reason reason) {
    super(reason.name());
    this.reason = reason;
  }

  public IngestException(Reason reason, Throwable cause) {
    super(reason.name(), cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

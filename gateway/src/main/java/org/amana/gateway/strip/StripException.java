package org.amana.gateway.strip;

/**
 * Why a file could not be cleaned. The defender is told, in plain words and by file name, that its
 * metadata could not be removed; they decide whether to send the file anyway or leave it out. The
 * message of this exception is for operators' tests only and never reaches a page.
 */
public final class StripException extends RuntimeException {
  public enum Kind {
    /** The file does not follow its format (truncated, corrupt, lying about its type). */
    MALFORMED,
    /** A limit was crossed: decompression ratio, pixel count, nesting, entry count, block size. */
    TOO_COMPLEX,
    /** The format is recognised, but this variant is not handled (for example an encrypted PDF). */
    UNSUPPORTED
  }

  private final Kind kind;

  public StripException(Kind kind, String detail) {
    super(kind + ": " + detail);
    this.kind = kind;
  }

  public StripException(Kind kind, String detail, Throwable cause) {
    super(kind + ": " + detail, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static StripException malformed(String detail) {
    return new StripException(Kind.MALFORMED, detail);
  }

  public static StripException tooComplex(String detail) {
    return new StripException(Kind.TOO_COMPLEX, detail);
  }
}

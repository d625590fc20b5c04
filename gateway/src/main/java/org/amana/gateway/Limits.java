package org.amana.gateway;

/**
 * What one submission may carry. Every limit is checked while the upload streams, so an oversize
 * upload is refused as soon as it crosses the line and leaves nothing behind.
 *
 * @param maxFileBytes the largest file (default 2 GiB)
 * @param maxTotalBytes all files of one submission together (default 8 GiB)
 * @param maxFiles files in one submission
 * @param maxReportChars characters of report text
 * @param maxFieldChars characters of any other text field
 * @param maxParts multipart parts (fields and files) in one request
 * @param maxHeaderBytes the request's HTTP header block
 */
public record Limits(long maxFileBytes, long maxTotalBytes, int maxFiles, int maxReportChars, int maxFieldChars,
    int maxParts, int maxHeaderBytes) {

  public static Limits defaults() {
    return new Limits(2L << 30, 8L << 30, 20, 100_000, 2_000, 64, 16 * 1024);
  }
}

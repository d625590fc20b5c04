package org.amana.gateway.strip;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Removes identifying metadata from one file type: reads the whole file from {@code source} and
 * writes a valid file of the same type to {@code out}. Input is hostile: every size, count and
 * depth read from it is checked against {@link StripLimits} before anything is allocated or
 * expanded.
 *
 * <p>A stripper never lets the original through: when it cannot produce a clean file it throws
 * {@link StripException}, and the caller decides (with the defender) what happens to the file.
 * Whatever it wrote to {@code out} before throwing is discarded by the caller.
 */
public interface Stripper {
  /**
   * @return what was removed, in categories (never the values), and the type refined from the
   *     file's structure when the detector could only say less (for example which OOXML document)
   * @throws StripException the file is malformed, truncated, or exceeds a limit
   * @throws IOException reading the source or writing {@code out} failed
   */
  Stripped strip(Source source, OutputStream out, StripLimits limits) throws IOException;
}

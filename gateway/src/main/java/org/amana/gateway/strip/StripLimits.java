package org.amana.gateway.strip;

/**
 * Hard limits for parsing hostile files. Every stripper checks the numbers a file declares against
 * these before it allocates or expands anything, and fails with {@link StripException.Kind#TOO_COMPLEX}.
 *
 * @param maxInflatedBytes total bytes a stripper may decompress from one file (ZIP members, zlib streams)
 * @param maxRatio largest allowed ratio of decompressed to compressed size, for one entry or stream
 * @param maxDepth nesting depth of containers (boxes in boxes, files in files, XML elements)
 * @param maxEntries entries in one container (ZIP members, boxes, chunks, segments, PDF objects)
 * @param maxPixels width × height of one image (declared, before decoding)
 * @param maxBlockBytes one metadata block, box or segment held in memory at once
 */
public record StripLimits(long maxInflatedBytes, int maxRatio, int maxDepth, int maxEntries, long maxPixels,
    int maxBlockBytes) {

  /** For the gateway: generous for real evidence, small enough that a bomb is refused quickly. */
  public static final StripLimits DEFAULT = new StripLimits(512L << 20, 200, 32, 20_000, 120_000_000L, 16 << 20);
}

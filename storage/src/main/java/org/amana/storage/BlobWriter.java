package org.amana.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Writes one sealed blob of a receiving submission, in order, one row per {@link #append}. Get one
 * from {@link Store#openBlob}.
 *
 * <p><b>Back-pressure.</b> {@code append} completes when the row is stored. The caller must wait for
 * that before the next {@code append} or {@code finish} (a second call while one is in flight fails
 * with {@link IllegalStateException}): pause the upload while it waits, resume when it completes, and
 * the database's pace reaches the socket. Do not modify a buffer until its append has completed.
 *
 * <p>After a failed append the writer is unusable: abandon the submission ({@link Store#abandon}).
 */
public interface BlobWriter {

    /** The size to aim for per append: sealed bytes gathered into about this much make one row each. */
    int RECOMMENDED_APPEND_BYTES = 256 * 1024;

    /** Larger appends are refused, so that no row (and no buffer on either side) grows large. */
    int MAX_APPEND_BYTES = 512 * 1024;

    BlobId id();

    /** Stores the next sealed bytes as one row; an empty buffer stores nothing. */
    Future<Void> append(Buffer sealedBytes);

    /**
     * Marks the blob complete. {@code sealedSize} must equal the bytes appended (else
     * {@link StoreException.Reason#WRONG_STATE}); the hash is the caller's SHA-256 of the same bytes,
     * kept for the integrity sweep. A submission can commit only when all its blobs are finished.
     */
    Future<BlobInfo> finish(long sealedSize, byte[] sealedSha256);
}

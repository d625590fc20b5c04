package org.amana.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link BlobWriter} over the chunk rows: numbers the chunks and counts the bytes. */
final class ChunkWriter implements BlobWriter {

    private final Ingest ingest;
    private final BlobId id;
    private final BlobKind kind;
    private final int ordinal;
    // Held from the start of an append or finish until its future completes; its atomic updates also
    // publish the fields below to whichever thread runs the next call.
    private final AtomicBoolean busy = new AtomicBoolean();
    private int nextIndex;
    private long written;
    private boolean unusable;

    ChunkWriter(Ingest ingest, BlobId id, BlobKind kind, int ordinal) {
        this.ingest = ingest;
        this.id = id;
        this.kind = kind;
        this.ordinal = ordinal;
    }

    @Override
    public BlobId id() {
        return id;
    }

    @Override
    public Future<Void> append(Buffer sealedBytes) {
        if (sealedBytes.length() > MAX_APPEND_BYTES) {
            return Future.failedFuture(new IllegalArgumentException(
                    "an append holds at most " + MAX_APPEND_BYTES + " bytes, not " + sealedBytes.length()));
        }
        if (!busy.compareAndSet(false, true)) {
            return Future.failedFuture(new IllegalStateException("an append or finish is in flight: wait for its future"));
        }
        if (unusable) {
            busy.set(false);
            return Future.failedFuture(new IllegalStateException("blob " + id + " is finished or failed"));
        }
        if (sealedBytes.length() == 0) {
            busy.set(false);
            return Future.succeededFuture();
        }
        return ingest.insertChunk(id, nextIndex, sealedBytes).andThen(result -> {
            if (result.succeeded()) {
                nextIndex++;
                written += sealedBytes.length();
            } else {
                unusable = true;
            }
            busy.set(false);
        });
    }

    @Override
    public Future<BlobInfo> finish(long sealedSize, byte[] sealedSha256) {
        byte[] hash = Bytes.sha256(sealedSha256, "sealedSha256");
        if (!busy.compareAndSet(false, true)) {
            return Future.failedFuture(new IllegalStateException("an append is in flight: wait for its future"));
        }
        if (unusable || sealedSize != written) {
            String why = unusable ? "is finished or failed" : "has " + written + " bytes, not " + sealedSize;
            unusable = true;
            busy.set(false);
            return Future.failedFuture(new StoreException(StoreException.Reason.WRONG_STATE, "blob " + id + " " + why));
        }
        unusable = true;
        return ingest.finishBlob(id, sealedSize, hash)
                .map(v -> new BlobInfo(id, kind, ordinal, sealedSize, hash))
                .andThen(result -> busy.set(false));
    }
}

package org.amana.storage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.IntFunction;

/**
 * A blob's chunks as a {@link ReadStream}: chunk {@code i} is fetched only when there is demand for
 * it, so at most one chunk is held at a time whatever the blob's size, and a slow reader (a reviewer
 * over Tor) slows the queries instead of filling memory. Each chunk is its own short query, so no
 * transaction stays open for the length of a download.
 *
 * <p>The stream ends with an error ({@link StoreException.Reason#CORRUPT}) if the chunks add up to
 * more or fewer bytes than the blob's recorded sealed size: a missing or extra row is never silent.
 * A stream that starts inside the blob (a resumed download) begins at the chunk that holds its first
 * byte and drops the bytes before it; the rows before that chunk are not read, so only the sizes
 * from there on are checked.
 *
 * <p>All events are delivered on the context that asked for the blob; call its methods from there.
 */
final class ChunkReadStream implements ReadStream<Buffer> {

    private final Context context;
    private final IntFunction<Future<Buffer>> chunk; // completes with null after the last chunk
    private final BlobId id;
    private final long sealedSize;
    private final long firstChunkAt; // the blob offset of the first chunk read
    private long skip; // bytes of the first chunk before the stream's start

    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private long demand = Long.MAX_VALUE;
    private boolean fetching;
    private boolean done;
    private int next;
    private long delivered; // bytes of the chunks read, before any skip

    ChunkReadStream(Context context, IntFunction<Future<Buffer>> chunk, BlobId id, long sealedSize) {
        this(context, chunk, id, sealedSize, 0, 0, 0);
    }

    /** From byte {@code from} of the blob, which lies in chunk {@code firstIndex}, itself at blob offset {@code firstChunkAt}. */
    ChunkReadStream(Context context, IntFunction<Future<Buffer>> chunk, BlobId id, long sealedSize,
                    int firstIndex, long firstChunkAt, long from) {
        this.context = context;
        this.chunk = chunk;
        this.id = id;
        this.sealedSize = sealedSize;
        this.next = firstIndex;
        this.firstChunkAt = firstChunkAt;
        this.skip = from - firstChunkAt;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        pump();
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        demand = 0;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        demand = Long.MAX_VALUE - demand < amount ? Long.MAX_VALUE : demand + amount;
        pump();
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    private void pump() {
        if (fetching || done || handler == null || demand == 0) {
            return;
        }
        fetching = true;
        chunk.apply(next).onComplete(result -> context.runOnContext(v -> {
            fetching = false;
            if (result.failed()) {
                fail(result.cause());
            } else if (result.result() == null) {
                end();
            } else {
                deliver(result.result());
            }
        }));
    }

    private void deliver(Buffer data) {
        next++;
        delivered += data.length();
        if (firstChunkAt + delivered > sealedSize) {
            fail(corrupt());
            return;
        }
        if (skip > 0) {
            if (skip >= data.length()) {
                fail(corrupt()); // the first chunk was chosen because it holds the start: it cannot be shorter
                return;
            }
            data = data.slice((int) skip, data.length());
            skip = 0;
        }
        if (demand != Long.MAX_VALUE) {
            demand--;
        }
        handler.handle(data);
        pump();
    }

    private void end() {
        if (firstChunkAt + delivered != sealedSize) {
            fail(corrupt());
            return;
        }
        done = true;
        if (endHandler != null) {
            endHandler.handle(null);
        }
    }

    private void fail(Throwable cause) {
        done = true;
        if (exceptionHandler != null) {
            exceptionHandler.handle(cause);
        }
    }

    private StoreException corrupt() {
        return new StoreException(StoreException.Reason.CORRUPT, "the chunks of blob " + id
                + " do not add up to its sealed size of " + sealedSize + " bytes (read " + (firstChunkAt + delivered) + ")");
    }
}

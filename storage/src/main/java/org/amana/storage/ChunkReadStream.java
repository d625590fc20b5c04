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
 *
 * <p>All events are delivered on the context that asked for the blob; call its methods from there.
 */
final class ChunkReadStream implements ReadStream<Buffer> {

    private final Context context;
    private final IntFunction<Future<Buffer>> chunk; // completes with null after the last chunk
    private final BlobId id;
    private final long sealedSize;

    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private long demand = Long.MAX_VALUE;
    private boolean fetching;
    private boolean done;
    private int next;
    private long delivered;

    ChunkReadStream(Context context, IntFunction<Future<Buffer>> chunk, BlobId id, long sealedSize) {
        this.context = context;
        this.chunk = chunk;
        this.id = id;
        this.sealedSize = sealedSize;
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
        if (delivered > sealedSize) {
            fail(corrupt());
            return;
        }
        if (demand != Long.MAX_VALUE) {
            demand--;
        }
        handler.handle(data);
        pump();
    }

    private void end() {
        if (delivered != sealedSize) {
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
                + " do not add up to its sealed size of " + sealedSize + " bytes (read " + delivered + ")");
    }
}

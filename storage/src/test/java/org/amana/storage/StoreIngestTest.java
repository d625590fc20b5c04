package org.amana.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StoreIngestTest {

    private static EmbeddedDatabase db;
    private static Store store;
    private static Pool raw;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        db = TestDatabase.start("ingest");
        store = Store.connect(vertx, db.config()).await();
        raw = TestDatabase.rawPool(vertx, db.config());
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close().await();
        store.close().await();
        db.close();
    }

    @Test
    void readBlob_twentyMiBWrittenInQuarterMiBAppends_streamsBackIdenticalBytes(Vertx vertx, VertxTestContext test) {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        MessageDigest written = Sealed.sha256();
        int appends = 80; // 80 × 256 KiB = 20 MiB, made and hashed one append at a time
        for (int i = 0; i < appends; i++) {
            Buffer piece = Sealed.bytes(i, BlobWriter.RECOMMENDED_APPEND_BYTES);
            written.update(piece.getBytes());
            writer.append(piece).await();
        }
        long size = (long) appends * BlobWriter.RECOMMENDED_APPEND_BYTES;
        byte[] hash = written.digest();
        BlobInfo file = writer.finish(size, hash).await();
        commit(submission, "lookup-20mib");

        // A slow reader asking for one chunk at a time: the stream must never deliver more than asked.
        MessageDigest read = Sealed.sha256();
        AtomicLong bytes = new AtomicLong();
        AtomicInteger outstanding = new AtomicInteger();
        vertx.getOrCreateContext().runOnContext(v -> store.readBlob(file.id()).onComplete(test.succeeding(stream -> {
            stream.pause();
            stream.exceptionHandler(test::failNow);
            stream.endHandler(end -> test.verify(() -> {
                assertEquals(size, bytes.get());
                assertArrayEquals(hash, read.digest());
                test.completeNow();
            }));
            stream.handler(chunk -> test.verify(() -> {
                assertTrue(outstanding.decrementAndGet() >= 0, "delivered a chunk nobody asked for");
                assertTrue(chunk.length() <= BlobWriter.MAX_APPEND_BYTES);
                read.update(chunk.getBytes());
                bytes.addAndGet(chunk.length());
                vertx.setTimer(1, t -> fetchOne(stream, outstanding));
            }));
            fetchOne(stream, outstanding);
        })));
    }

    @Test
    void listCommitted_beforeCommit_showsNothingOfTheSubmission() {
        SubmissionId receiving = receivingSubmissionWithOneFile(3);
        assertTrue(store.listCommitted().await().stream().noneMatch(s -> s.id().equals(receiving)));
        assertNotFound(() -> store.blobs(receiving).await());

        SubmissionId committed = receivingSubmissionWithOneFile(4);
        commit(committed, "lookup-visible");
        SubmissionSummary summary = store.listCommitted().await().stream()
                .filter(s -> s.id().equals(committed)).findFirst().orElseThrow();
        assertEquals(1, summary.fileCount());
        List<BlobInfo> blobs = store.blobs(committed).await();
        assertEquals(List.of(BlobKind.MANIFEST, BlobKind.FILE), blobs.stream().map(BlobInfo::kind).toList());
        assertEquals(blobs.stream().mapToLong(BlobInfo::sealedSize).sum(), summary.sealedSize());
    }

    @Test
    void removeAbandoned_zeroDays_deletesEveryRowOfReceivingSubmissions() {
        SubmissionId abandoned = receivingSubmissionWithOneFile(5);
        SubmissionId kept = receivingSubmissionWithOneFile(6);
        commit(kept, "lookup-kept");
        assertTrue(count("SELECT count(*) FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id WHERE b.submission_id = $1", abandoned) > 0);

        assertTrue(store.removeAbandoned(0).await() >= 1);

        assertEquals(0, count("SELECT count(*) FROM submissions WHERE id = $1", abandoned));
        assertEquals(0, count("SELECT count(*) FROM blobs WHERE submission_id = $1", abandoned));
        assertEquals(0, count("SELECT count(*) FROM blob_chunks WHERE blob_id NOT IN (SELECT id FROM blobs)"));
        assertEquals(2, store.blobs(kept).await().size());
    }

    @Test
    void removeAbandoned_someDays_keepsSubmissionsYoungerThanThat(Vertx vertx) {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T23:59:00Z"));
        Store dated = Store.connect(vertx, db.config(), clock).await();
        SubmissionId begun = dated.beginSubmission().await();
        clock.advanceDays(1); // a minute later, but a day later by date
        dated.removeAbandoned(2).await();
        assertEquals(1, count("SELECT count(*) FROM submissions WHERE id = $1", begun));
        clock.advanceDays(1);
        assertTrue(dated.removeAbandoned(2).await() >= 1);
        assertEquals(0, count("SELECT count(*) FROM submissions WHERE id = $1", begun));
        dated.close().await();
    }

    @Test
    void abandon_receivingSubmission_deletesItButNeverACommittedOne() {
        SubmissionId receiving = receivingSubmissionWithOneFile(7);
        SubmissionId committed = receivingSubmissionWithOneFile(8);
        commit(committed, "lookup-abandon");
        store.abandon(receiving).await();
        store.abandon(committed).await();
        assertEquals(0, count("SELECT count(*) FROM submissions WHERE id = $1", receiving));
        assertEquals(2, store.blobs(committed).await().size());
    }

    @Test
    void discardBlob_receivingSubmission_removesTheBlobAndFreesItsOrdinal_butNeverOnACommittedOne() {
        SubmissionId receiving = receivingSubmissionWithOneFile(11);
        store.discardBlob(receiving, BlobKind.FILE, 0).await();
        assertEquals(0, count("SELECT count(*) FROM blobs WHERE submission_id = $1", receiving));
        store.openBlob(receiving, BlobKind.FILE, 0).await(); // the ordinal is free again

        SubmissionId committed = receivingSubmissionWithOneFile(12);
        commit(committed, "lookup-discard");
        store.discardBlob(committed, BlobKind.FILE, 0).await();
        assertEquals(2, store.blobs(committed).await().size());
    }

    @Test
    void commit_duplicateReceiptLookup_failsAndLeavesTheSubmissionInvisible() {
        commit(receivingSubmissionWithOneFile(9), "lookup-duplicate");
        SubmissionId second = receivingSubmissionWithOneFile(10);

        StoreException e = failure(() -> commit(second, "lookup-duplicate"));
        assertEquals(StoreException.Reason.CONFLICT, e.reason());

        assertEquals("receiving", raw.preparedQuery("SELECT state FROM submissions WHERE id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(second.value())).await().iterator().next().getString(0));
        assertEquals(0, count("SELECT count(*) FROM blobs WHERE submission_id = $1 AND kind = 'manifest'", second));
        assertTrue(store.listCommitted().await().stream().noneMatch(s -> s.id().equals(second)));
        commit(second, "lookup-second-try"); // the rolled-back commit left nothing in the way
    }

    @Test
    void commit_unfinishedBlobOrTwice_failsWithWrongState() {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        writer.append(Sealed.bytes(1, 100)).await();
        assertEquals(StoreException.Reason.WRONG_STATE, failure(() -> commit(submission, "lookup-unfinished")).reason());
        writer.finish(100, Sealed.sha256(Sealed.bytes(1, 100))).await();
        commit(submission, "lookup-unfinished");
        assertEquals(StoreException.Reason.WRONG_STATE, failure(() -> commit(submission, "lookup-again")).reason());
        assertNotFound(() -> store.openBlob(submission, BlobKind.FILE, 1).await());
    }

    @Test
    void finish_sizeOtherThanAppended_failsWithWrongState() {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        writer.append(Sealed.bytes(2, 10)).await();
        StoreException e = failure(() -> writer.finish(11, new byte[32]).await());
        assertEquals(StoreException.Reason.WRONG_STATE, e.reason());
    }

    @Test
    void append_whileAnotherIsInFlightOrTooLarge_isRefused() {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        Future<Void> first = writer.append(Sealed.bytes(3, 1000));
        Future<Void> second = writer.append(Sealed.bytes(4, 1000));
        first.await();
        assertInstanceOf(IllegalStateException.class, second.cause());
        assertInstanceOf(IllegalArgumentException.class,
                writer.append(Buffer.buffer(new byte[BlobWriter.MAX_APPEND_BYTES + 1])).cause());
        assertEquals(1, count("SELECT count(*) FROM blob_chunks WHERE blob_id = $1", writer.id()));
    }

    @Test
    void readBlob_aChunkRowWasDeleted_endsWithCorrupt(Vertx vertx, VertxTestContext test) {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        for (int i = 0; i < 3; i++) {
            writer.append(Sealed.bytes(i, 1000)).await();
        }
        BlobInfo file = writer.finish(3000, new byte[32]).await();
        commit(submission, "lookup-damaged");
        raw.preparedQuery("DELETE FROM blob_chunks WHERE blob_id = $1 AND idx = 1")
                .execute(io.vertx.sqlclient.Tuple.of(file.id().value())).await();

        vertx.getOrCreateContext().runOnContext(v -> store.readBlob(file.id()).onComplete(test.succeeding(stream -> {
            stream.exceptionHandler(e -> test.verify(() -> {
                assertEquals(StoreException.Reason.CORRUPT, assertInstanceOf(StoreException.class, e).reason());
                test.completeNow();
            }));
            stream.endHandler(end -> test.failNow("a damaged blob ended as if whole"));
            stream.handler(chunk -> { });
        })));
    }

    @Test
    void readBlobFrom_offsetsInsideAndAtChunkEdges_streamTheRestExactly(Vertx vertx) {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        Buffer content = Sealed.bytes(21, 2500);
        int[] edges = {0, 700, 1000, 2500}; // chunks of uneven sizes, as appends may be
        for (int i = 0; i + 1 < edges.length; i++) {
            writer.append(content.getBuffer(edges[i], edges[i + 1])).await();
        }
        BlobInfo file = writer.finish(content.length(), Sealed.sha256(content)).await();
        commit(submission, "lookup-range");

        for (int from : new int[] {0, 1, 699, 700, 701, 999, 1000, 2499}) {
            assertEquals(content.getBuffer(from, content.length()), readFrom(vertx, file.id(), from), "from " + from);
        }
        for (long beyond : new long[] {2500, 2501, -1}) {
            assertInstanceOf(IllegalArgumentException.class,
                    assertThrows(Throwable.class, () -> readFrom(vertx, file.id(), beyond)), "from " + beyond);
        }
        assertNotFound(() -> readFrom(vertx, BlobId.random(), 5));
    }

    private static Buffer readFrom(Vertx vertx, BlobId blob, long from) {
        io.vertx.core.Promise<Buffer> all = io.vertx.core.Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> store.readBlob(blob, from).onFailure(all::fail).onSuccess(stream -> {
            Buffer read = Buffer.buffer();
            stream.exceptionHandler(all::fail);
            stream.endHandler(end -> all.complete(read));
            stream.handler(read::appendBuffer);
        }));
        return all.future().await();
    }

    @Test
    void readBlob_ofAReceivingSubmission_isNotFound() {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        writer.append(Sealed.bytes(11, 10)).await();
        writer.finish(10, new byte[32]).await();
        assertNotFound(() -> store.readBlob(writer.id()).await());
    }

    private static void fetchOne(ReadStream<Buffer> stream, AtomicInteger outstanding) {
        outstanding.incrementAndGet();
        stream.fetch(1);
    }

    /** A receiving submission with one finished file blob of 3 KiB in two chunks. */
    private static SubmissionId receivingSubmissionWithOneFile(int seed) {
        SubmissionId submission = store.beginSubmission().await();
        BlobWriter writer = store.openBlob(submission, BlobKind.FILE, 0).await();
        Buffer content = Sealed.bytes(seed, 3 * 1024);
        writer.append(content.getBuffer(0, 1024)).await();
        writer.append(content.getBuffer(1024, 3 * 1024)).await();
        writer.finish(content.length(), Sealed.sha256(content)).await();
        return submission;
    }

    private static void commit(SubmissionId submission, String lookup) {
        Buffer manifest = Sealed.bytes(lookup.hashCode(), 600 * 1024); // more than one chunk row
        store.commit(submission, manifest, Sealed.sha256(manifest), lookup.getBytes(), "age1reply" + lookup, new byte[32]).await();
    }

    private static long count(String sql, Object... ids) {
        Object[] args = new Object[ids.length];
        for (int i = 0; i < ids.length; i++) {
            args[i] = ids[i] instanceof SubmissionId s ? s.value() : ids[i] instanceof BlobId b ? b.value() : ids[i];
        }
        return TestDatabase.count(raw, sql, args);
    }

    static StoreException failure(Runnable action) {
        Throwable e = assertThrows(Throwable.class, action::run);
        while (!(e instanceof StoreException) && e.getCause() != null) {
            e = e.getCause();
        }
        return assertInstanceOf(StoreException.class, e);
    }

    static void assertNotFound(Runnable action) {
        assertEquals(StoreException.Reason.NOT_FOUND, failure(action).reason());
    }
}

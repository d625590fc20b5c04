package org.amana.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class IntegrityLogTest {

    private static EmbeddedDatabase db;
    private static Store store;
    private static Pool raw;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        db = TestDatabase.start("integrity-log");
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
    void commit_submissionWithAFile_appendsLeafOverTheStoredObjects() {
        SubmissionId id = store.beginSubmission().await();
        BlobWriter w = store.openBlob(id, BlobKind.FILE, 1).await();
        Buffer file = Sealed.bytes(1, 5000);
        w.append(file).await();
        w.finish(file.length(), Sealed.sha256(file)).await();
        Buffer manifest = Sealed.bytes(2, 700);
        byte[] commitment = Sealed.sha256(Buffer.buffer("salted"));
        LogEntry entry = store.commit(id, manifest, Sealed.sha256(manifest), null, null, commitment).await();

        LogLeaf leaf = store.submissionLeaf(id).await().orElseThrow();
        assertEquals(entry.index(), leaf.index());
        assertArrayEquals(entry.leafHash(), leaf.hash());
        assertArrayEquals(LeafFormat.leafHash(leaf.data()), leaf.hash());
        LeafFormat.Decoded d = LeafFormat.decode(leaf.data());
        assertEquals(id, d.submission());
        assertEquals(LocalDate.now(java.time.ZoneOffset.UTC), d.day());
        assertArrayEquals(commitment, d.commitmentOrDetails());
        assertEquals(List.of(new LeafFormat.SealedObject(BlobKind.MANIFEST, 0, 700, Sealed.sha256(manifest)),
                new LeafFormat.SealedObject(BlobKind.FILE, 1, 5000, Sealed.sha256(file))), d.objects());
        assertArrayEquals(leaf.data(), LeafFormat.submission(id, d.day(), commitment, d.objects()), "one encoding only");
    }

    @Test
    void commitsAndEvents_concurrently_getIndexesWithoutGapsOrDuplicates() {
        long before = store.logSize().await();
        List<Future<Long>> appends = new ArrayList<>();
        List<SubmissionId> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            SubmissionId id = store.beginSubmission().await();
            ids.add(id);
            Buffer m = Sealed.bytes(100 + i, 300);
            appends.add(store.commit(id, m, Sealed.sha256(m), null, null, new byte[32]).map(LogEntry::index));
        }
        Future.all(appends).await();
        for (SubmissionId id : ids) appends.add(store.appendEvent(id, "pulled", new byte[32]));
        Future.all(appends).await();
        long after = store.logSize().await();
        assertEquals(before + 24, after);
        assertEquals(after, TestDatabase.count(raw, "SELECT count(DISTINCT idx) FROM log_leaves"));
        LeafFormat.Decoded event = LeafFormat.decode(store.logLeaves(after - 1, 1).await().getFirst().data());
        assertEquals("pulled", event.eventKind());
    }

    @Test
    void appendEvent_unknownOrUncommitted_refused() {
        assertEquals(StoreException.Reason.NOT_FOUND, StoreIngestTest.failure(
                () -> store.appendEvent(SubmissionId.random(), "replied", new byte[32]).await()).reason());
        SubmissionId receiving = store.beginSubmission().await();
        assertEquals(StoreException.Reason.NOT_FOUND, StoreIngestTest.failure(
                () -> store.appendEvent(receiving, "replied", new byte[32]).await()).reason());
        assertThrows(IllegalArgumentException.class, () -> store.appendEvent(receiving, "submission", new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> store.appendEvent(receiving, "Bad Kind", new byte[32]));
    }

    @Test
    void logTables_updateOrDelete_refusedByTheDatabase() {
        SubmissionId id = store.beginSubmission().await();
        Buffer m = Sealed.bytes(7, 300);
        store.commit(id, m, Sealed.sha256(m), null, null, new byte[32]).await();
        assertThrows(Exception.class, () -> raw.preparedQuery("UPDATE log_leaves SET data = '\\x00' WHERE submission_id = $1")
                .execute(Tuple.of(id.value())).await());
        assertThrows(Exception.class, () -> raw.query("DELETE FROM log_leaves").execute().await());
        assertTrue(store.submissionLeaf(id).await().isPresent());
    }

    @Test
    void addCheckpoint_smallerOrEqualToTheNewest_conflict() {
        store.addCheckpoint(1000, new byte[32], "note 1000\n").await();
        assertEquals(StoreException.Reason.CONFLICT, StoreIngestTest.failure(
                () -> store.addCheckpoint(999, new byte[32], "older\n").await()).reason());
        assertEquals(StoreException.Reason.CONFLICT, StoreIngestTest.failure(
                () -> store.addCheckpoint(1000, new byte[32], "again\n").await()).reason());
        store.addCheckpoint(1001, new byte[32], "note 1001\n").await();
        assertEquals(1001, store.latestCheckpoint().await().orElseThrow().size());
    }

    @Test
    void decode_malformed_illegalArgument() {
        byte[] good = LeafFormat.event(SubmissionId.random(), LocalDate.of(2026, 1, 2), "replied", new byte[32]);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(good, cut);
            assertThrows(IllegalArgumentException.class, () -> LeafFormat.decode(part));
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> LeafFormat.decode(longer));
        byte[] version = good.clone();
        version[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> LeafFormat.decode(version));
    }
}

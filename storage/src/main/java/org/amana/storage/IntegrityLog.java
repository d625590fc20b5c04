package org.amana.storage;

import static org.amana.storage.Sql.expectOne;
import static org.amana.storage.Sql.list;
import static org.amana.storage.Sql.translate;
import static org.amana.storage.Sql.update;
import static org.amana.storage.StoreException.Reason.CONFLICT;
import static org.amana.storage.StoreException.Reason.NOT_FOUND;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The SQL of the integrity log and of the sweep's reads, behind {@link Store}'s methods (documented there). */
final class IntegrityLog {
    /** Serialises appends across every gateway instance, so indexes have no gaps and no duplicates. */
    private static final long APPEND_LOCK = 0x616d616e61L; // "amana"

    private final Pool pool;
    private final Supplier<LocalDate> today;

    IntegrityLog(Pool pool, Supplier<LocalDate> today) {
        this.pool = pool;
        this.today = today;
    }

    /** Inside the commit transaction: the submission leaf over the blobs as the rows now hold them. */
    Future<LogEntry> appendSubmission(SqlConnection conn, SubmissionId submission, byte[] plaintextCommitment) {
        return conn.preparedQuery("""
                SELECT s.received_on, b.kind, b.ordinal, b.sealed_size, b.sealed_sha256
                FROM submissions s JOIN blobs b ON b.submission_id = s.id
                WHERE s.id = $1 ORDER BY b.kind = 'file', b.ordinal""").execute(Tuple.of(submission.value()))
                .compose(rows -> {
                    LocalDate day = rows.iterator().next().getLocalDate("received_on");
                    List<LeafFormat.SealedObject> objects = list(rows, row -> new LeafFormat.SealedObject(
                            BlobKind.ofColumn(row.getString("kind")), row.getInteger("ordinal"),
                            row.getLong("sealed_size"), row.getBuffer("sealed_sha256").getBytes()));
                    byte[] data = LeafFormat.submission(submission, day, plaintextCommitment, objects);
                    return append(conn, LeafFormat.SUBMISSION_KIND, submission, data);
                });
    }

    Future<Long> appendEvent(SubmissionId submission, String kind, byte[] detailsSha256) {
        byte[] data = LeafFormat.event(submission, today.get(), kind, detailsSha256);
        return translate(pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit = on").execute()
                .compose(r -> conn.preparedQuery("SELECT 1 FROM submissions WHERE id = $1 AND state = 'committed'")
                        .execute(Tuple.of(submission.value())))
                .compose(rows -> rows.size() == 1 ? append(conn, kind, submission, data) : Future.failedFuture(
                        new StoreException(NOT_FOUND, "no committed submission " + submission)))
                .map(LogEntry::index)));
    }

    private Future<LogEntry> append(SqlConnection conn, String kind, SubmissionId submission, byte[] data) {
        byte[] hash = LeafFormat.leafHash(data);
        return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(APPEND_LOCK))
                .compose(r -> conn.query("SELECT coalesce(max(idx) + 1, 0) FROM log_leaves").execute())
                .compose(rows -> {
                    long index = rows.iterator().next().getLong(0);
                    return update(conn, "INSERT INTO log_leaves (idx, kind, submission_id, data, hash) VALUES ($1, $2, $3, $4, $5)",
                            Tuple.of(index, kind, submission.value(), Buffer.buffer(data), Buffer.buffer(hash)))
                            .map(n -> new LogEntry(index, hash));
                });
    }

    Future<Long> size() {
        return pool.query("SELECT coalesce(max(idx) + 1, 0) FROM log_leaves").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    Future<List<LogLeaf>> leaves(long from, int limit) {
        return pool.preparedQuery("SELECT idx, kind, submission_id, data, hash FROM log_leaves WHERE idx >= $1 ORDER BY idx LIMIT $2")
                .execute(Tuple.of(from, limit)).map(rows -> list(rows, IntegrityLog::leaf));
    }

    Future<List<byte[]>> leafHashes(long from, long to) {
        return pool.preparedQuery("SELECT hash FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx")
                .execute(Tuple.of(from, to)).map(rows -> list(rows, row -> row.getBuffer(0).getBytes()));
    }

    Future<Optional<LogLeaf>> submissionLeaf(SubmissionId submission) {
        return pool.preparedQuery("""
                SELECT idx, kind, submission_id, data, hash FROM log_leaves
                WHERE submission_id = $1 AND kind = 'submission' ORDER BY idx LIMIT 1""")
                .execute(Tuple.of(submission.value())).map(rows -> list(rows, IntegrityLog::leaf).stream().findFirst());
    }

    Future<List<LogLeaf>> submissionLeaves(SubmissionId submission) {
        return pool.preparedQuery("SELECT idx, kind, submission_id, data, hash FROM log_leaves WHERE submission_id = $1 ORDER BY idx")
                .execute(Tuple.of(submission.value())).map(rows -> list(rows, IntegrityLog::leaf));
    }

    Future<Void> addCheckpoint(long size, byte[] root, String note) {
        byte[] r = Bytes.sha256(root, "root");
        // Never a smaller checkpoint than the newest: a signed log only grows.
        return expectOne(update(pool, """
                INSERT INTO checkpoints (size, root, note, signed_on)
                SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM checkpoints WHERE size >= $1)""",
                Tuple.of(size, Buffer.buffer(r), note, today.get())), CONFLICT, "a checkpoint of this size or larger exists");
    }

    Future<Optional<StoredCheckpoint>> latestCheckpoint() {
        return checkpoints("SELECT size, root, note, signed_on FROM checkpoints ORDER BY size DESC LIMIT 1")
                .map(l -> l.stream().findFirst());
    }

    Future<List<StoredCheckpoint>> checkpoints() {
        return checkpoints("SELECT size, root, note, signed_on FROM checkpoints ORDER BY size");
    }

    private Future<List<StoredCheckpoint>> checkpoints(String sql) {
        return pool.query(sql).execute().map(rows -> list(rows, row -> new StoredCheckpoint(row.getLong("size"),
                row.getBuffer("root").getBytes(), row.getString("note"), row.getLocalDate("signed_on"))));
    }

    // ---- the sweep's reads

    Future<List<SubmissionRow>> committedSubmissions() {
        return pool.query("SELECT id, received_on FROM submissions WHERE state = 'committed' ORDER BY id").execute()
                .map(rows -> list(rows, row -> new SubmissionRow(new SubmissionId(row.getUUID("id")), row.getLocalDate("received_on"))));
    }

    Future<List<SubmissionRow.Blob>> committedBlobs() {
        return pool.query("""
                SELECT b.submission_id, b.id, b.kind, b.ordinal, b.sealed_size, b.sealed_sha256
                FROM blobs b JOIN submissions s ON s.id = b.submission_id
                WHERE s.state = 'committed' ORDER BY b.submission_id, b.kind = 'file', b.ordinal""").execute()
                .map(rows -> list(rows, IntegrityLog::blobRow));
    }

    Future<SubmissionRow.Blob> committedBlob(BlobId blob) {
        return pool.preparedQuery("""
                SELECT b.submission_id, b.id, b.kind, b.ordinal, b.sealed_size, b.sealed_sha256
                FROM blobs b JOIN submissions s ON s.id = b.submission_id
                WHERE b.id = $1 AND s.state = 'committed'""").execute(Tuple.of(blob.value()))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new StoreException(NOT_FOUND, "no committed blob " + blob))
                        : Future.succeededFuture(blobRow(rows.iterator().next())));
    }

    private static SubmissionRow.Blob blobRow(Row row) {
        return new SubmissionRow.Blob(new SubmissionId(row.getUUID("submission_id")),
                new BlobInfo(new BlobId(row.getUUID("id")), BlobKind.ofColumn(row.getString("kind")), row.getInteger("ordinal"),
                        row.getLong("sealed_size"), row.getBuffer("sealed_sha256").getBytes()));
    }

    Future<List<SubmissionRow.Chunk>> chunks(SqlClient client, BlobId blob, int fromIndex, int limit) {
        return client.preparedQuery("SELECT idx, data FROM blob_chunks WHERE blob_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3")
                .execute(Tuple.of(blob.value(), fromIndex, limit))
                .map(rows -> list(rows, row -> new SubmissionRow.Chunk(row.getInteger("idx"), row.getBuffer("data"))));
    }

    private static LogLeaf leaf(Row row) {
        return new LogLeaf(row.getLong("idx"), row.getString("kind"), new SubmissionId(row.getUUID("submission_id")),
                row.getBuffer("data").getBytes(), row.getBuffer("hash").getBytes());
    }
}

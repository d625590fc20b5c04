package org.amana.storage;

import static org.amana.storage.Sql.expectOne;
import static org.amana.storage.Sql.translate;
import static org.amana.storage.Sql.update;
import static org.amana.storage.StoreException.Reason.NOT_FOUND;
import static org.amana.storage.StoreException.Reason.WRONG_STATE;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The SQL of the ingest side, behind {@link Store}'s methods of the same names (documented there). */
final class Ingest {

    private final Pool pool;
    private final Pool chunkPool; // asynchronous commit: see Store.connect for why that is safe
    private final Supplier<LocalDate> today;
    private final IntegrityLog log;

    Ingest(Pool pool, Pool chunkPool, Supplier<LocalDate> today, IntegrityLog log) {
        this.pool = pool;
        this.chunkPool = chunkPool;
        this.today = today;
        this.log = log;
    }

    Future<SubmissionId> beginSubmission() {
        SubmissionId id = SubmissionId.random();
        return update(pool, "INSERT INTO submissions (id, received_on, state) VALUES ($1, $2, 'receiving')",
                Tuple.of(id.value(), today.get())).map(n -> id);
    }

    Future<BlobWriter> openBlob(SubmissionId submission, BlobKind kind, int ordinal) {
        if (kind != BlobKind.FILE || ordinal < 0) {
            throw new IllegalArgumentException("openBlob takes FILE blobs with an ordinal >= 0");
        }
        BlobId id = BlobId.random();
        return expectOne(update(pool, """
                INSERT INTO blobs (id, submission_id, kind, ordinal)
                SELECT $1, id, $3, $4 FROM submissions WHERE id = $2 AND state = 'receiving'""",
                Tuple.of(id.value(), submission.value(), kind.column(), ordinal)),
                NOT_FOUND, "no receiving submission " + submission)
                .map(v -> new ChunkWriter(this, id, kind, ordinal));
    }

    Future<Void> insertChunk(BlobId blob, int index, Buffer data) {
        // Only into an unfinished blob: a finished blob's bytes never change.
        return expectOne(update(chunkPool, """
                INSERT INTO blob_chunks (blob_id, idx, data)
                SELECT id, $2, $3 FROM blobs WHERE id = $1 AND sealed_size IS NULL""",
                Tuple.of(blob.value(), index, data)), NOT_FOUND, "no unfinished blob " + blob);
    }

    Future<Void> finishBlob(BlobId blob, long sealedSize, byte[] sealedSha256) {
        return expectOne(update(chunkPool, "UPDATE blobs SET sealed_size = $2, sealed_sha256 = $3 WHERE id = $1 AND sealed_size IS NULL",
                Tuple.of(blob.value(), sealedSize, Buffer.buffer(sealedSha256))), WRONG_STATE, "no unfinished blob " + blob);
    }

    Future<LogEntry> commit(SubmissionId submission, Buffer sealedManifest, byte[] manifestSha256, byte[] receiptLookup,
                            String replyRecipient, byte[] plaintextCommitment) {
        byte[] hash = Bytes.sha256(manifestSha256, "manifestSha256");
        byte[] commitment = Bytes.sha256(plaintextCommitment, "plaintextCommitment");
        // A follow-up (more material added at check-in) has no receipt of its own: both are null.
        if ((receiptLookup == null) != (replyRecipient == null)) {
            throw new IllegalArgumentException("receiptLookup and replyRecipient are both given or both null");
        }
        byte[] lookup = receiptLookup == null ? null : Bytes.nonEmpty(receiptLookup, "receiptLookup");
        if (sealedManifest.length() == 0) {
            throw new IllegalArgumentException("the sealed manifest is empty");
        }
        BlobId manifest = BlobId.random();
        List<Tuple> chunks = new ArrayList<>();
        for (int start = 0, i = 0; start < sealedManifest.length(); start += BlobWriter.RECOMMENDED_APPEND_BYTES, i++) {
            int end = Math.min(sealedManifest.length(), start + BlobWriter.RECOMMENDED_APPEND_BYTES);
            chunks.add(Tuple.of(manifest.value(), i, sealedManifest.getBuffer(start, end)));
        }
        return translate(pool.withTransaction(conn -> conn.query("SET LOCAL synchronous_commit = on").execute()
                // First, so that the row lock orders this commit against a concurrent removeAbandoned.
                .compose(r -> expectOne(update(conn, "UPDATE submissions SET state = 'committed' WHERE id = $1 AND state = 'receiving'",
                        Tuple.of(submission.value())), WRONG_STATE, "submission " + submission + " is not receiving"))
                .compose(v -> conn.preparedQuery("SELECT count(*) FROM blobs WHERE submission_id = $1 AND sealed_size IS NULL")
                        .execute(Tuple.of(submission.value())))
                .compose(rows -> rows.iterator().next().getLong(0) == 0 ? Future.succeededFuture() : Future.failedFuture(
                        new StoreException(WRONG_STATE, "submission " + submission + " has an unfinished blob")))
                .compose(v -> update(conn, """
                        INSERT INTO blobs (id, submission_id, kind, ordinal, sealed_size, sealed_sha256)
                        VALUES ($1, $2, 'manifest', 0, $3, $4)""",
                        Tuple.of(manifest.value(), submission.value(), (long) sealedManifest.length(), Buffer.buffer(hash))))
                .compose(n -> conn.preparedQuery("INSERT INTO blob_chunks (blob_id, idx, data) VALUES ($1, $2, $3)")
                        .executeBatch(chunks))
                .compose(r -> lookup == null ? Future.succeededFuture(0) : update(conn,
                        "INSERT INTO receipts (lookup, submission_id, reply_recipient) VALUES ($1, $2, $3)",
                        Tuple.of(Buffer.buffer(lookup), submission.value(), replyRecipient)))
                // Last, so that the leaf commits to the blobs exactly as this transaction leaves them.
                .compose(n -> log.appendSubmission(conn, submission, commitment))));
    }

    Future<Void> discardBlob(SubmissionId submission, BlobKind kind, int ordinal) {
        return update(pool, """
                DELETE FROM blobs b USING submissions s
                WHERE b.submission_id = $1 AND b.kind = $2 AND b.ordinal = $3
                  AND s.id = b.submission_id AND s.state = 'receiving'""",
                Tuple.of(submission.value(), kind.column(), ordinal)).mapEmpty();
    }

    Future<Void> abandon(SubmissionId submission) {
        return update(pool, "DELETE FROM submissions WHERE id = $1 AND state = 'receiving'",
                Tuple.of(submission.value())).mapEmpty();
    }

    Future<Integer> removeAbandoned(int olderThanDays) {
        if (olderThanDays < 0) {
            throw new IllegalArgumentException("olderThanDays must be >= 0");
        }
        return update(pool, "DELETE FROM submissions WHERE state = 'receiving' AND received_on <= $1",
                Tuple.of(today.get().minusDays(olderThanDays)));
    }
}

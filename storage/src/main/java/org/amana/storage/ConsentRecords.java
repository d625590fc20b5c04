package org.amana.storage;

import static org.amana.storage.StoreException.Reason.NOT_FOUND;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

/** The SQL of consent events and consent requests (V4); {@link Store} is the entry point. */
final class ConsentRecords {

    private final Pool pool;
    private final Supplier<LocalDate> today;

    ConsentRecords(Pool pool, Supplier<LocalDate> today) {
        this.pool = pool;
        this.today = today;
    }

    Future<Long> add(String table, String dayColumn, SubmissionId submission, Buffer sealed, byte[] sealedSha256) {
        byte[] hash = Bytes.sha256(sealedSha256, "sealedSha256");
        return Sql.translate(pool.preparedQuery("INSERT INTO " + table + " (submission_id, " + dayColumn + ", sealed, sealed_sha256) "
                + "SELECT id, $2, $3, $4 FROM submissions WHERE id = $1 AND state = 'committed' RETURNING id")
                .execute(Tuple.of(submission.value(), today.get(), sealed, Buffer.buffer(hash))))
                .compose(rows -> rows.size() == 1 ? Future.succeededFuture(rows.iterator().next().getLong(0))
                        : Future.failedFuture(new StoreException(NOT_FOUND, "no committed submission " + submission)));
    }

    Future<List<SealedRecord>> list(String table, String dayColumn, SubmissionId submission) {
        return pool.preparedQuery("SELECT id, " + dayColumn + " AS day, sealed, sealed_sha256 FROM " + table
                        + " WHERE submission_id = $1 ORDER BY id")
                .execute(Tuple.of(submission.value()))
                .map(rows -> Sql.list(rows, row -> new SealedRecord(row.getLong("id"), row.getLocalDate("day"),
                        row.getBuffer("sealed"), row.getBuffer("sealed_sha256").getBytes())));
    }
}

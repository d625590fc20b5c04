package org.amana.storage;

import static org.amana.storage.Sql.expectOne;
import static org.amana.storage.Sql.list;
import static org.amana.storage.Sql.update;
import static org.amana.storage.StoreException.Reason.NOT_FOUND;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The SQL for reviewers and recipients, behind {@link Store}'s methods of the same names. */
final class Roster {

    private static final String REVIEWER_COLUMNS = "id, display_name, login_key, active, added_on";
    private static final String RECIPIENT_COLUMNS = "id, recipient, label, reviewer_id, active, added_on";

    private final Pool pool;
    private final Supplier<LocalDate> today;

    Roster(Pool pool, Supplier<LocalDate> today) {
        this.pool = pool;
        this.today = today;
    }

    Future<ReviewerId> addReviewer(String displayName, byte[] loginKeySpki) {
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("a reviewer needs a display name");
        }
        ReviewerId id = ReviewerId.random();
        return update(pool, "INSERT INTO reviewers (" + REVIEWER_COLUMNS + ") VALUES ($1, $2, $3, true, $4)",
                Tuple.of(id.value(), displayName.strip(), Buffer.buffer(Bytes.nonEmpty(loginKeySpki, "loginKeySpki")),
                        today.get())).map(n -> id);
    }

    Future<List<Reviewer>> reviewers() {
        return pool.query("SELECT " + REVIEWER_COLUMNS + " FROM reviewers ORDER BY added_on, display_name, id").execute()
                .map(rows -> list(rows, Roster::reviewer));
    }

    Future<Optional<Reviewer>> reviewer(ReviewerId id) {
        return pool.preparedQuery("SELECT " + REVIEWER_COLUMNS + " FROM reviewers WHERE id = $1")
                .execute(Tuple.of(id.value()))
                .map(rows -> list(rows, Roster::reviewer).stream().findFirst());
    }

    Future<Optional<Reviewer>> activeReviewerByLoginKey(byte[] loginKeySpki) {
        return pool.preparedQuery("SELECT " + REVIEWER_COLUMNS + " FROM reviewers WHERE login_key = $1 AND active")
                .execute(Tuple.of(Buffer.buffer(Bytes.nonEmpty(loginKeySpki, "loginKeySpki"))))
                .map(rows -> list(rows, Roster::reviewer).stream().findFirst());
    }

    Future<Void> deactivateReviewer(ReviewerId id) {
        // One transaction: a reviewer who leaves stops receiving new submissions at the same moment.
        return pool.withTransaction(conn -> expectOne(
                update(conn, "UPDATE reviewers SET active = false WHERE id = $1", Tuple.of(id.value())),
                NOT_FOUND, "no reviewer " + id)
                .compose(v -> update(conn, "UPDATE recipients SET active = false WHERE reviewer_id = $1", Tuple.of(id.value())))
                .mapEmpty());
    }

    Future<RecipientId> addRecipient(String recipient, String label, ReviewerId reviewer) {
        if (recipient == null || recipient.isEmpty() || !recipient.strip().equals(recipient) || recipient.contains(" ")) {
            throw new IllegalArgumentException("a recipient is one word, like age1…");
        }
        if (label == null) {
            throw new IllegalArgumentException("a recipient needs a label (it may be empty)");
        }
        RecipientId id = RecipientId.random();
        return expectOne(update(pool, """
                INSERT INTO recipients (id, recipient, label, reviewer_id, active, added_on)
                SELECT $1, $2, $3, $4, true, $5
                WHERE $4::uuid IS NULL OR EXISTS (SELECT 1 FROM reviewers WHERE id = $4 AND active)""",
                Tuple.of(id.value(), recipient, label, reviewer == null ? null : reviewer.value(), today.get())),
                NOT_FOUND, "no active reviewer " + reviewer)
                .map(v -> id);
    }

    Future<List<Recipient>> recipients() {
        return pool.query("SELECT " + RECIPIENT_COLUMNS + " FROM recipients ORDER BY added_on, label, id").execute()
                .map(rows -> list(rows, Roster::recipient));
    }

    Future<Void> deactivateRecipient(RecipientId id) {
        return expectOne(update(pool, "UPDATE recipients SET active = false WHERE id = $1", Tuple.of(id.value())),
                NOT_FOUND, "no recipient " + id);
    }

    Future<List<String>> activeRecipients() {
        return pool.query("SELECT recipient FROM recipients WHERE active ORDER BY added_on, id").execute()
                .map(rows -> list(rows, row -> row.getString("recipient")));
    }

    private static Reviewer reviewer(Row row) {
        return new Reviewer(new ReviewerId(row.getUUID("id")), row.getString("display_name"),
                row.getBuffer("login_key").getBytes(), row.getBoolean("active"), row.getLocalDate("added_on"));
    }

    private static Recipient recipient(Row row) {
        return new Recipient(new RecipientId(row.getUUID("id")), row.getString("recipient"), row.getString("label"),
                Optional.ofNullable(row.getUUID("reviewer_id")).map(ReviewerId::new), row.getBoolean("active"),
                row.getLocalDate("added_on"));
    }
}

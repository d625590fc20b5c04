package org.amana.storage;

import static org.amana.storage.StoreException.Reason.CONFLICT;
import static org.amana.storage.StoreException.Reason.NOT_FOUND;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small helpers shared by the classes that hold SQL ({@link Store}, {@link Ingest}, {@link Roster}). */
final class Sql {

    private Sql() {}

    /** Runs a statement; the future holds the number of rows it changed. */
    static Future<Integer> update(SqlClient client, String sql, Tuple arguments) {
        return translate(client.preparedQuery(sql).execute(arguments).map(RowSet::rowCount));
    }

    /** Succeeds if exactly one row changed, else fails with {@code reason}. */
    static Future<Void> expectOne(Future<Integer> changed, StoreException.Reason reason, String message) {
        return changed.compose(n -> n == 1 ? Future.succeededFuture() : Future.failedFuture(new StoreException(reason, message)));
    }

    static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(mapper.apply(row)));
        return list;
    }

    /** Unique and foreign-key violations become StoreExceptions naming the constraint, never the values. */
    static <T> Future<T> translate(Future<T> future) {
        return future.recover(e -> Future.failedFuture(e instanceof PgException pg ? switch (pg.getSqlState()) {
            case "23505" -> new StoreException(CONFLICT, "already taken (" + pg.getConstraint() + ")");
            case "23503" -> new StoreException(NOT_FOUND, "refers to a row that does not exist (" + pg.getConstraint() + ")");
            default -> e;
        } : e));
    }
}

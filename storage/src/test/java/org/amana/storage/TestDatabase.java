package org.amana.storage;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.pgclient.PgBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real embedded PostgreSQL under target/pg/NAME for one test class, started empty. */
final class TestDatabase {

    private TestDatabase() {}

    static Path emptyFolder(String name) throws IOException {
        Path folder = Path.of("target", "pg", name).toAbsolutePath();
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return folder;
    }

    static EmbeddedDatabase start(String name) throws IOException {
        return EmbeddedDatabase.start(emptyFolder(name));
    }

    /** A pool for the tests' own look behind the Store (counting rows, damaging them on purpose). */
    static Pool rawPool(Vertx vertx, DatabaseConfig config) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(config.connectOptions()).using(vertx).build();
    }

    static long count(Pool pool, String sql, Object... args) {
        Row row = pool.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.wrap(args)).await().iterator().next();
        return row.getLong(0);
    }
}

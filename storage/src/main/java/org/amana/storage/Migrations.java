package org.amana.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema to the newest version with Flyway, over JDBC, on a worker thread. This is the
 * only use of JDBC: every query after it goes through vertx-pg-client.
 *
 * <p>Migrations are {@code src/main/resources/org/amana/storage/migration/V<n>__<what>.sql}; a
 * released one is never edited (Flyway checks their checksums), a change is a new version. Several
 * gateway instances starting at once are safe: Flyway takes a PostgreSQL advisory lock.
 *
 * <p>Flyway's own table {@code flyway_schema_history} records when each migration ran
 * ({@code installed_on}): a time of the operator's upgrade, nothing about any defender.
 */
final class Migrations {

    static final String LOCATION = "classpath:org/amana/storage/migration";

    private Migrations() {}

    /** Applies what is missing; returns how many migrations ran (0 when the schema is current). */
    static Future<Integer> migrate(Vertx vertx, DatabaseConfig config) {
        return vertx.executeBlocking(() -> Flyway.configure()
                .dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations(LOCATION)
                .cleanDisabled(true)
                .load()
                .migrate()
                .migrationsExecuted);
    }
}

package org.amana.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EmbeddedDatabaseTest {
    /** The versioned migrations in src/main/resources/org/amana/storage/migration. */
    private static final int MIGRATIONS = 4;

    @Test
    void start_sameFolderAfterStop_keepsDataAndMigratesOnlyOnce(Vertx vertx) throws Exception {
        Path folder = TestDatabase.emptyFolder("restart");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder)) {
            assertEquals(MIGRATIONS, Migrations.migrate(vertx, db.config()).await());
            Store store = Store.connect(vertx, db.config()).await();
            store.addReviewer("Before restart", new byte[] {1, 2, 3}).await();
            store.close().await();
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder)) {
            assertEquals(0, Migrations.migrate(vertx, db.config()).await());
            Store store = Store.connect(vertx, db.config()).await();
            assertEquals("Before restart", store.reviewers().await().getFirst().displayName());
            store.close().await();
            Pool raw = TestDatabase.rawPool(vertx, db.config());
            assertEquals((long) MIGRATIONS, TestDatabase.count(raw, "SELECT count(*) FROM flyway_schema_history WHERE success"));
            raw.close().await();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("password"))));
    }

    @Test
    void start_anyFolder_durableAndReachableOnlyOverLoopbackWithPassword(Vertx vertx) throws Exception {
        try (EmbeddedDatabase db = TestDatabase.start("settings")) {
            Pool raw = TestDatabase.rawPool(vertx, db.config());
            assertEquals("on", show(raw, "fsync"));
            assertEquals("on", show(raw, "synchronous_commit"));
            assertEquals("127.0.0.1", show(raw, "listen_addresses"));
            assertEquals("", show(raw, "unix_socket_directories"));
            raw.close().await();

            var wrong = db.config().connectOptions().setPassword("guess");
            assertThrows(Exception.class, () -> PgConnection.connect(vertx, wrong).await());
        }
    }

    @Test
    void start_afterTheOwningProcessWasKilled_stopsTheOrphanAndKeepsTheData(Vertx vertx) throws Exception {
        Path folder = TestDatabase.emptyFolder("orphan");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseOwner.class.getName(), folder.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(EmbeddedDatabaseOwner.READY)) {
                // the child's log lines, if any
            }
            assertEquals(EmbeddedDatabaseOwner.READY, line, "the child process did not start its database");
        }
        owner.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is left running
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS));

        try (EmbeddedDatabase db = EmbeddedDatabase.start(folder)) {
            Store store = Store.connect(vertx, db.config()).await();
            assertEquals("Added by the killed process", store.reviewers().await().getFirst().displayName());
            store.close().await();
        }
    }

    private static String show(Pool pool, String setting) {
        return pool.query("SHOW " + setting).execute().await().iterator().next().getString(0);
    }
}

package org.amana.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The "no traces" rule, checked on the migrated schema itself. */
@ExtendWith(VertxExtension.class)
class StoreSchemaTest {

    private static EmbeddedDatabase db;
    private static Pool raw;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        db = TestDatabase.start("schema");
        Store.connect(vertx, db.config()).await().close().await();
        raw = TestDatabase.rawPool(vertx, db.config());
    }

    @AfterAll
    static void stop() throws Exception {
        raw.close().await();
        db.close();
    }

    @Test
    void columns_ofEveryAmanaTable_holdNoTimeOfDayNoAddress() {
        // Flyway's own history table is the one exception: installed_on is when the operator upgraded
        // the schema, nothing about a defender (see Migrations).
        List<String> offending = new ArrayList<>();
        for (Row row : raw.query("""
                SELECT table_name, column_name, data_type, coalesce(column_default, '') AS column_default
                FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name <> 'flyway_schema_history'""").execute().await()) {
            String type = row.getString("data_type");
            String defaultValue = row.getString("column_default").toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("timestamp") || type.startsWith("time ") || type.equals("interval")
                    || type.equals("inet") || type.equals("cidr") || type.startsWith("macaddr")
                    || defaultValue.contains("now()") || defaultValue.contains("current_")) {
                offending.add(row.getString("table_name") + "." + row.getString("column_name") + " " + type);
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void tables_afterMigration_areTheOnesOfTheLatestVersion() {
        List<String> tables = new ArrayList<>();
        raw.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1")
                .execute().await().forEach(row -> tables.add(row.getString(0)));
        assertEquals(List.of("blob_chunks", "blobs", "checkpoints", "consent_events", "consent_requests", "deployment_secrets", "flyway_schema_history", "log_leaves", "receipts",
                "recipients", "replies",
                "reviewers", "submissions"), tables);
        assertTrue(TestDatabase.count(raw, "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()") > 0);
    }
}

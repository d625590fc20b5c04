package org.amana.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void parse_fullUrl_takesEveryPart() {
        DatabaseConfig config = DatabaseConfig.parse("postgresql://amana:s3cret@db.example:6543/evidence?sslmode=verify-full");
        assertEquals(new DatabaseConfig("db.example", 6543, "evidence", "amana", "s3cret", "verify-full",
                DatabaseConfig.DEFAULT_POOL_SIZE), config);
        PgConnectOptions options = config.connectOptions();
        assertEquals(SslMode.VERIFY_FULL, options.getSslMode());
        assertEquals("db.example", options.getHost());
        assertEquals("jdbc:postgresql://db.example:6543/evidence?sslmode=verify-full", config.jdbcUrl());
    }

    @Test
    void parse_noPortNoSslmode_defaultsTo5432AndDisable() {
        DatabaseConfig config = DatabaseConfig.parse("postgres://u:p@127.0.0.1/amana");
        assertEquals(5432, config.port());
        assertEquals("disable", config.sslMode());
        assertEquals(SslMode.DISABLE, config.connectOptions().getSslMode());
    }

    @Test
    void parse_percentEncodedPassword_isDecoded() {
        DatabaseConfig config = DatabaseConfig.parse("postgresql://u%40x:p%3Aw%2Fd%20+@[::1]:5433/db");
        assertEquals("u@x", config.user());
        assertEquals("p:w/d +", config.password());
        assertEquals("::1", config.host());
        assertEquals("jdbc:postgresql://[::1]:5433/db?sslmode=disable", config.jdbcUrl());
    }

    @Test
    void toString_anyConfig_hidesPassword() {
        DatabaseConfig config = DatabaseConfig.parse("postgresql://u:topsecret@h:1/db");
        assertFalse(config.toString().contains("topsecret"));
        assertEquals("postgresql://u:***@h:1/db", config.toString());
    }

    @Test
    void parse_malformed_failsWithoutEchoingThePassword() {
        for (String url : new String[] {"mysql://u:topsecret@h/db", "postgresql://h/db", "postgresql://u:topsecret@h/",
                "postgresql://u:topsecret@h/db?sslmode=prefer", "postgresql://u:topsecret@h/db?user=x", "not a url topsecret"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatabaseConfig.parse(url), url);
            assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        }
    }
}

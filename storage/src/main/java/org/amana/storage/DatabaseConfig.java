package org.amana.storage;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the database is: either {@link EmbeddedDatabase#config()} or any PostgreSQL 14 or newer
 * given by URL, {@code postgresql://user:password@host:port/database?sslmode=require}.
 *
 * <p>{@link #toString()} never shows the password, so a config can be logged.
 *
 * @param sslMode  {@code disable}, {@code require} (encrypt, do not verify: like libpq) or
 *                 {@code verify-full} (encrypt and verify the certificate and host name against the
 *                 JVM's trust store)
 * @param poolSize the size of each of {@link Store}'s two connection pools (one for chunk rows, one for
 *                 everything else); requests beyond it queue for a connection, which is back-pressure,
 *                 not failure
 */
public record DatabaseConfig(String host, int port, String database, String user, String password,
                             String sslMode, int poolSize) {

    public static final int DEFAULT_PORT = 5432;
    public static final int DEFAULT_POOL_SIZE = 8;

    public DatabaseConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sslMode, "sslMode");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (!sslMode.equals("disable") && !sslMode.equals("require") && !sslMode.equals("verify-full")) {
            throw new IllegalArgumentException("sslmode must be disable, require or verify-full, not " + sslMode);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
    }

    /**
     * Parses {@code postgresql://user:password@host[:port]/database[?sslmode=…]} ({@code postgres://}
     * too). User and password may be percent-encoded. Throws {@link IllegalArgumentException} with a
     * message that never contains the password.
     */
    public static DatabaseConfig parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a database URL (expected postgresql://user:password@host:port/database)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException("a database URL starts with postgresql://");
        }
        String userInfo = uri.getRawUserInfo();
        if (uri.getHost() == null || userInfo == null || !userInfo.contains(":")) {
            throw new IllegalArgumentException("a database URL needs user, password and host: postgresql://user:password@host:port/database");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("a database URL ends with the database name: …@host:port/database");
        }
        int colon = userInfo.indexOf(':');
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new DatabaseConfig(host, uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), decode(path.substring(1)),
                decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)), sslMode(uri.getRawQuery()),
                DEFAULT_POOL_SIZE);
    }

    public DatabaseConfig withPoolSize(int size) {
        return new DatabaseConfig(host, port, database, user, password, sslMode, size);
    }

    /** Options for vertx-pg-client, which runs every query. */
    public PgConnectOptions connectOptions() {
        PgConnectOptions options = new PgConnectOptions().setHost(host).setPort(port).setDatabase(database)
                .setUser(user).setPassword(password);
        return switch (sslMode) {
            case "require" -> options.setSslMode(SslMode.REQUIRE).setSslOptions(new ClientSSLOptions().setTrustAll(true));
            case "verify-full" -> options.setSslMode(SslMode.VERIFY_FULL)
                    .setSslOptions(new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS"));
            default -> options.setSslMode(SslMode.DISABLE);
        };
    }

    /** The JDBC URL for the migrations (user and password are passed beside it, not in it). */
    String jdbcUrl() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + "?sslmode=" + sslMode;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + ":***@" + host + ":" + port + "/" + database
                + (sslMode.equals("disable") ? "" : "?sslmode=" + sslMode);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String sslMode(String query) {
        if (query == null || query.isEmpty()) {
            return "disable";
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("sslmode=")) {
                return decode(pair.substring("sslmode=".length()));
            }
            throw new IllegalArgumentException("the only database URL option understood is sslmode");
        }
        return "disable";
    }
}

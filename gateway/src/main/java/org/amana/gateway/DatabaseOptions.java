package org.amana.gateway;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.amana.storage.DatabaseConfig;
import org.amana.storage.EmbeddedDatabase;
import picocli.CommandLine.Option;

/** Where the data lives: an external PostgreSQL by URL, or the embedded one in the data folder. */
final class DatabaseOptions {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:AMANA_DATA:-amana-data}",
      description = "The data folder: the embedded PostgreSQL and the demo identity (default: $AMANA_DATA or ./amana-data).")
  Path data;

  @Option(names = "--database-url", paramLabel = "URL", defaultValue = "${env:AMANA_DATABASE_URL}",
      description = "An external PostgreSQL 14 or newer, postgresql://user:password@host:port/db "
          + "(default: $AMANA_DATABASE_URL; without it, the embedded PostgreSQL in the data folder).")
  String databaseUrl;

  /** A database to use and what to close afterwards (the embedded one this process started, if any). */
  record Opened(DatabaseConfig config, EmbeddedDatabase embedded) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (embedded != null) embedded.close();
    }
  }

  Opened open() throws IOException {
    if (databaseUrl != null && !databaseUrl.isBlank()) return new Opened(DatabaseConfig.parse(databaseUrl), null);
    Path folder = data.resolve("postgres");
    // A serving gateway holds the embedded database: operator commands connect to it.
    Optional<DatabaseConfig> running = EmbeddedDatabase.running(folder);
    if (running.isPresent()) return new Opened(running.get(), null);
    EmbeddedDatabase db = EmbeddedDatabase.start(folder);
    return new Opened(db.config(), db);
  }

  boolean embedded() {
    return databaseUrl == null || databaseUrl.isBlank();
  }
}

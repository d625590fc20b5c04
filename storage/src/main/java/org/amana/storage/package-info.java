/**
 * Amana's storage: PostgreSQL through vertx-pg-client. Use {@link org.amana.storage.Store} (connect
 * it with a {@link org.amana.storage.DatabaseConfig}: from {@link org.amana.storage.EmbeddedDatabase}
 * for a single machine, or parsed from a URL for any PostgreSQL 14 or newer).
 *
 * <p>This module stores opaque sealed bytes and knows no crypto; it depends on no other Amana module
 * (the build enforces it). The schema is in {@code org/amana/storage/migration/}.
 */
package org.amana.storage;

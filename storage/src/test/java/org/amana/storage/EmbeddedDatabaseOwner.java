package org.amana.storage;

import io.vertx.core.Vertx;
import java.nio.file.Path;

/** A process that starts the embedded database, writes a row, says so, and waits to be killed. */
final class EmbeddedDatabaseOwner {

    static final String READY = "ready";

    private EmbeddedDatabaseOwner() {}

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
        Vertx vertx = Vertx.vertx();
        Store store = Store.connect(vertx, db.config()).await();
        store.addReviewer("Added by the killed process", new byte[] {9}).await();
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(120_000);
    }
}

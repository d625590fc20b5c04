package org.amana.storage;

import java.util.Locale;

/** What a sealed blob is: the submission's manifest (one, stored by {@code Store.commit}) or an attached file. */
public enum BlobKind {
    MANIFEST,
    FILE;

    /** The value in the {@code blobs.kind} column. */
    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BlobKind ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

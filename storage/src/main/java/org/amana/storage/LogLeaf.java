package org.amana.storage;

import java.util.Objects;

/** A stored leaf of the integrity log, as its row holds it (the sweep checks every column against the data). */
public record LogLeaf(long index, String kind, SubmissionId submission, byte[] data, byte[] hash) {
    public LogLeaf {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(submission, "submission");
        data = data.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }
}

package org.amana.storage;

import java.time.LocalDate;

/** A checkpoint the gateway signed: the tree size, its root, and the signed note exactly as served. */
public record StoredCheckpoint(long size, byte[] root, String note, LocalDate signedOn) {
    public StoredCheckpoint {
        root = Bytes.sha256(root, "root");
    }

    @Override
    public byte[] root() {
        return root.clone();
    }
}

package org.amana.storage;

/** Where a leaf went: its index in the log and its leaf hash (the receipt's fingerprint comes from it). */
public record LogEntry(long index, byte[] leafHash) {
    public LogEntry {
        leafHash = Bytes.sha256(leafHash, "leafHash");
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }
}

package org.amana.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * A finished sealed blob as a reviewer sees it: its id, what it is, its place among the submission's
 * blobs, and the size and SHA-256 of its sealed bytes (what the integrity sweep re-checks).
 */
public record BlobInfo(BlobId id, BlobKind kind, int ordinal, long sealedSize, byte[] sealedSha256) {

    public BlobInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        sealedSha256 = Bytes.sha256(sealedSha256, "sealedSha256");
    }

    @Override
    public byte[] sealedSha256() {
        return sealedSha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobInfo b && id.equals(b.id) && kind == b.kind && ordinal == b.ordinal
                && sealedSize == b.sealedSize && Arrays.equals(sealedSha256, b.sealedSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, kind, ordinal, sealedSize, Arrays.hashCode(sealedSha256));
    }

    @Override
    public String toString() {
        return "BlobInfo[" + id + ", " + kind + " " + ordinal + ", " + sealedSize + " bytes, sha256 "
                + Bytes.hex(sealedSha256) + "]";
    }
}

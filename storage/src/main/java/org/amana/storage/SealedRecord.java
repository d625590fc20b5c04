package org.amana.storage;

import io.vertx.core.buffer.Buffer;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A small sealed record of a submission as stored (a consent event or a consent request): its
 * position in the submission's sequence ({@code id}, increasing), its day, its sealed bytes and
 * their SHA-256.
 */
public record SealedRecord(long id, LocalDate day, Buffer sealed, byte[] sealedSha256) {

    public SealedRecord {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(sealed, "sealed");
        sealedSha256 = Bytes.sha256(sealedSha256, "sealedSha256");
    }

    @Override
    public byte[] sealedSha256() {
        return sealedSha256.clone();
    }

    @Override
    public String toString() {
        return "SealedRecord[" + id + ", " + day + ", " + sealed.length() + " sealed bytes]";
    }
}

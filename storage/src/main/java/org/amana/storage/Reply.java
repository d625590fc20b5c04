package org.amana.storage;

import io.vertx.core.buffer.Buffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/** A sealed reply to a defender, as stored: the day it was sent, its sealed bytes and their SHA-256. */
public record Reply(LocalDate sentOn, Buffer sealed, byte[] sealedSha256) {

    public Reply {
        Objects.requireNonNull(sentOn, "sentOn");
        Objects.requireNonNull(sealed, "sealed");
        sealedSha256 = Bytes.sha256(sealedSha256, "sealedSha256");
    }

    @Override
    public byte[] sealedSha256() {
        return sealedSha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && sentOn.equals(r.sentOn) && sealed.equals(r.sealed)
                && Arrays.equals(sealedSha256, r.sealedSha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sentOn, sealed, Arrays.hashCode(sealedSha256));
    }

    @Override
    public String toString() {
        return "Reply[" + sentOn + ", " + sealed.length() + " sealed bytes, sha256 " + Bytes.hex(sealedSha256) + "]";
    }
}

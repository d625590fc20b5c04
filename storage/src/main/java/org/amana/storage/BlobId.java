package org.amana.storage;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** A sealed blob's opaque random id. */
public record BlobId(UUID value) {

    public BlobId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id ({@link UUID#randomUUID()} draws from {@code SecureRandom}). */
    static BlobId random() {
        return new BlobId(UUID.randomUUID());
    }

    /** Parses the form {@link #toString()} gives; throws {@link IllegalArgumentException} on anything else. */
    public static BlobId parse(String text) {
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equals(text.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a canonical id: " + text);
        }
        return new BlobId(uuid);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

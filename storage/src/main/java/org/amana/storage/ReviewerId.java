package org.amana.storage;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** A reviewer's opaque random id. */
public record ReviewerId(UUID value) {

    public ReviewerId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id ({@link UUID#randomUUID()} draws from {@code SecureRandom}). */
    static ReviewerId random() {
        return new ReviewerId(UUID.randomUUID());
    }

    /** Parses the form {@link #toString()} gives; throws {@link IllegalArgumentException} on anything else. */
    public static ReviewerId parse(String text) {
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equals(text.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a canonical id: " + text);
        }
        return new ReviewerId(uuid);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package org.amana.storage;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** A recipient row's opaque random id. */
public record RecipientId(UUID value) {

    public RecipientId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id ({@link UUID#randomUUID()} draws from {@code SecureRandom}). */
    static RecipientId random() {
        return new RecipientId(UUID.randomUUID());
    }

    /** Parses the form {@link #toString()} gives; throws {@link IllegalArgumentException} on anything else. */
    public static RecipientId parse(String text) {
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equals(text.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a canonical id: " + text);
        }
        return new RecipientId(uuid);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

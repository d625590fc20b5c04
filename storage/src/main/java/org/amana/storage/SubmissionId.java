package org.amana.storage;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** A submission's opaque random id. It says nothing about when or from where the submission came. */
public record SubmissionId(UUID value) {

    public SubmissionId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id ({@link UUID#randomUUID()} draws from {@code SecureRandom}). */
    static SubmissionId random() {
        return new SubmissionId(UUID.randomUUID());
    }

    /** Parses the form {@link #toString()} gives; throws {@link IllegalArgumentException} on anything else. */
    public static SubmissionId parse(String text) {
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equals(text.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a canonical id: " + text);
        }
        return new SubmissionId(uuid);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

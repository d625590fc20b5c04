package org.amana.storage;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An age recipient that new submissions are sealed to while it is active.
 *
 * @param recipient the recipient string ({@code age1…}, {@code age1tag1…}, …), stored as given
 * @param label     the operator's note on whose key this is ("recovery key in the safe")
 * @param reviewer  the reviewer holding the matching identity, if there is one
 */
public record Recipient(RecipientId id, String recipient, String label, Optional<ReviewerId> reviewer,
                        boolean active, LocalDate addedOn) {

    public Recipient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(addedOn, "addedOn");
    }
}

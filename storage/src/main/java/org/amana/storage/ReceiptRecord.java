package org.amana.storage;

import java.util.Objects;

/** What a receipt lookup finds: the committed submission and the recipient its replies are sealed to. */
public record ReceiptRecord(SubmissionId submission, String replyRecipient) {

    public ReceiptRecord {
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(replyRecipient, "replyRecipient");
    }
}

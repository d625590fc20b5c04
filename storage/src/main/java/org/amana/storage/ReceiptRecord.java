package org.amana.storage;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a receipt lookup finds: the committed submission, the (coarse) day it arrived, and the
 * recipient its replies are sealed to.
 */
public record ReceiptRecord(SubmissionId submission, LocalDate receivedOn, String replyRecipient) {

    public ReceiptRecord {
        Objects.requireNonNull(submission, "submission");
        Objects.requireNonNull(receivedOn, "receivedOn");
        Objects.requireNonNull(replyRecipient, "replyRecipient");
    }
}

package org.amana.storage;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A committed submission in the reviewers' list: all the cleartext the database has about it.
 *
 * @param receivedOn     the day (UTC) it began arriving; the precise time is only in the sealed manifest
 * @param fileCount      how many {@link BlobKind#FILE} blobs it has
 * @param sealedSize     the sealed bytes of all its blobs, manifest included
 * @param replyRecipient the age recipient that replies to the defender are sealed to (derived from
 *                       the receipt by the gateway); null for material added at a check-in, whose
 *                       defender is reached through the first submission's receipt
 */
public record SubmissionSummary(SubmissionId id, LocalDate receivedOn, int fileCount, long sealedSize,
                                String replyRecipient) {

    public SubmissionSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receivedOn, "receivedOn");
    }
}

package org.amana.storage;

import io.vertx.core.buffer.Buffer;
import java.time.LocalDate;
import java.util.Objects;

/** What the integrity sweep reads of the rows: a committed submission, its blobs, their chunks. */
public record SubmissionRow(SubmissionId id, LocalDate receivedOn) {
    public SubmissionRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receivedOn, "receivedOn");
    }

    /** A committed blob with the submission it belongs to. */
    public record Blob(SubmissionId submission, BlobInfo info) {}

    /** One stored chunk of a blob: its index and its sealed bytes. */
    public record Chunk(int index, Buffer data) {}
}

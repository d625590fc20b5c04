package org.amana.storage;

/**
 * A failure the caller can act on, with a {@link Reason}. Other failures (the database is down, a
 * bug) arrive as the driver's own exceptions. Messages name ids at most, never stored bytes.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Reason {
        /** No such row, or one that is not visible yet (a submission before its commit). */
        NOT_FOUND,
        /** A unique value is taken (a receipt lookup, an active recipient or login key). */
        CONFLICT,
        /** The row is in the wrong state for this operation (commit of a committed submission, size mismatch, …). */
        WRONG_STATE,
        /** Stored bytes do not add up (a blob's chunks are missing or exceed its sealed size). */
        CORRUPT
    }

    private final Reason reason;

    StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

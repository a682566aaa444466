package io.faasfed.gateway.async;

/** Where an asynchronous call is in its life. */
public enum CallState {
    /** Stored and waiting for a worker (also between attempts, until its next attempt is due). */
    QUEUED,
    /** A worker is running an attempt. */
    RUNNING,
    /** The function answered with a 1xx, 2xx or 3xx status. */
    SUCCEEDED,
    /** The function answered with an error that is not retried (a 4xx, or a status outside the retried ones). */
    FAILED,
    /** Every attempt failed with a retryable error: the call is on the dead-letter list and can be replayed. */
    DEAD;

    /** Whether no further attempt runs on its own. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == DEAD;
    }
}

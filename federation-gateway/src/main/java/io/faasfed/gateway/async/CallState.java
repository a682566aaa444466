package io.faasfed.gateway.async;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an asynchronous call is in its life (in JSON: its name in lower case). */
public enum CallState {
    /** Stored and waiting for a worker (also between attempts, until its next attempt is due). */
    @JsonProperty("queued")
    QUEUED,
    /** A worker is running an attempt. */
    @JsonProperty("running")
    RUNNING,
    /** The function answered with a 1xx, 2xx or 3xx status. */
    @JsonProperty("succeeded")
    SUCCEEDED,
    /** The function answered with an error that is not retried (a 4xx, or a status outside the retried ones). */
    @JsonProperty("failed")
    FAILED,
    /** Every attempt failed with a retryable error: the call is on the dead-letter list and can be replayed. */
    @JsonProperty("dead")
    DEAD;

    /** Whether no further attempt runs on its own. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == DEAD;
    }
}

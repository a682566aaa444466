package io.faasfed.gateway.async;

import java.time.Duration;
import java.util.Objects;

/**
 * An asynchronous call was not accepted: the queue's store cannot be reached, or the queue is full. The caller gets
 * 503 with a {@code Retry-After}; nothing was stored.
 */
public final class AsyncUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    /**
     * @param message    why, and what to do
     * @param retryAfter when to try again
     * @param cause      the store's failure, or null
     */
    public AsyncUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** When to try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

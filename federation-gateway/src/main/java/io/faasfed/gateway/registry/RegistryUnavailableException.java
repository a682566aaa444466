package io.faasfed.gateway.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The registry's shared store (Redis) cannot be used: a write was refused, or a read could not be answered from the
 * local copy because the copy is older than its staleness bound. The gateway answers 503 "Registry unavailable".
 */
public final class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Instant since;
    private final transient Duration copyAge;

    /**
     * @param message what could not be done and why, in words a caller can act on
     * @param since   when the store became unavailable
     * @param copyAge how old the local copy is; null when there is none
     * @param cause   the store's failure, or null
     */
    public RegistryUnavailableException(String message, Instant since, Duration copyAge, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.since = Objects.requireNonNull(since, "since");
        this.copyAge = copyAge;
    }

    /** When the store became unavailable. */
    public Instant since() {
        return since;
    }

    /** How old the local copy was when this was raised; null when the gateway holds none. */
    public Duration copyAge() {
        return copyAge;
    }
}

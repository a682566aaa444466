package io.faasfed.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The buckets' store (Redis) could not answer and the request's route class fails closed: the gateway answers 503
 * "Rate limit store unavailable" with a {@code Retry-After}.
 */
public final class RateLimitStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RouteClass routeClass;
    private final transient Duration retryAfter;

    /**
     * @param message    what could not be done, in words a caller can act on
     * @param routeClass the class of the refused request
     * @param retryAfter when to retry
     * @param cause      the store's failure
     */
    public RateLimitStoreUnavailableException(String message, RouteClass routeClass, Duration retryAfter,
                                              Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.routeClass = Objects.requireNonNull(routeClass, "routeClass");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** The class of the refused request. */
    public RouteClass routeClass() {
        return routeClass;
    }

    /** When to retry. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

package io.faasfed.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A bucket of the caller is empty: the gateway answers 429 "Too many requests" with {@code Retry-After} and the
 * {@code RateLimit-*} headers of the refusing bucket.
 */
public final class RateLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Decision decision;
    private final RouteClass routeClass;

    /**
     * @param message    which limit was reached and when to retry, in words a caller can act on
     * @param decision   the refusing decision
     * @param routeClass the class of the refused request
     */
    public RateLimitExceededException(String message, Decision decision, RouteClass routeClass) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.decision = Objects.requireNonNull(decision, "decision");
        this.routeClass = Objects.requireNonNull(routeClass, "routeClass");
        if (decision.allowed()) {
            throw new IllegalArgumentException("decision: " + decision + " (expected: a refusal)");
        }
    }

    /** The refusing decision. */
    public Decision decision() {
        return decision;
    }

    /** The class of the refused request. */
    public RouteClass routeClass() {
        return routeClass;
    }

    /** When to retry. */
    public Duration retryAfter() {
        return Duration.ofSeconds(decision.retryAfter());
    }
}

package io.faasfed.gateway.ratelimit;

/** What a check does when the store of the buckets (Redis) cannot answer in time. */
public enum StoreFailurePolicy {
    /** Let the request through unmetered (no {@code RateLimit-*} headers): availability over the limit. */
    OPEN,
    /** Refuse the request with 503 "Rate limit store unavailable" and a {@code Retry-After}: the limit over availability. */
    CLOSED
}

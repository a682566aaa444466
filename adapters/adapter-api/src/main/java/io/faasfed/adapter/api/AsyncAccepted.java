package io.faasfed.adapter.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A platform's acknowledgement that it queued a call to run later.
 *
 * @param callId        the id the call can be correlated by (OpenFaaS {@code X-Call-Id}, OpenWhisk activation id,
 *                      {@code Fn-Call-Id})
 * @param platform      the platform that accepted it
 * @param acceptedAt    when it was accepted
 */
public record AsyncAccepted(String callId, PlatformId platform, Instant acceptedAt) {

    /** Requires every field. */
    public AsyncAccepted {
        Checks.notBlank("callId", callId);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(acceptedAt, "acceptedAt");
    }
}

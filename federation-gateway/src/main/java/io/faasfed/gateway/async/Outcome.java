package io.faasfed.gateway.async;

import java.time.Duration;

/**
 * How one attempt of a call ended.
 *
 * @param kind           what happens next
 * @param status         the HTTP status that came back (the function's, or the platform's for its own failures); null
 *                       when nothing answered
 * @param result         the function's answer (size-capped) when there was one; null otherwise
 * @param error          what went wrong, in words; null when nothing did
 * @param category       the error's category: {@code platform-unavailable}, {@code timeout}, {@code rate-limited},
 *                       {@code function-failed}, {@code function-not-found}, {@code rejected}, {@code gateway};
 *                       null when nothing went wrong
 * @param retryAfter     how long the platform asked us to wait (429/503 Retry-After); null when it did not say
 * @param platformCallId the platform's own id of the attempt, when it gave one
 */
public record Outcome(Kind kind, Integer status, CallRecord.Result result, String error, String category,
                      Duration retryAfter, String platformCallId) {

    /** What happens after an attempt. */
    public enum Kind {
        /** The function answered with a success status: the call is final, SUCCEEDED. */
        SUCCEEDED,
        /** The function answered with an error that is not retried: the call is final, FAILED. */
        FAILED,
        /** A retryable failure: another attempt (or the dead-letter list after the last). */
        RETRY
    }
}

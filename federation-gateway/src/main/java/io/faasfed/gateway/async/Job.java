package io.faasfed.gateway.async;

import java.util.Objects;

/**
 * One unit of work taken from the queue by one consumer (gateway replica): until the consumer finishes it
 * ({@link AsyncStore#finish}, {@link AsyncStore#retryAt}), it stays pending in that consumer's name, and another
 * consumer may claim it once it has been idle longer than the claim threshold.
 *
 * @param kind       what to do
 * @param callId     the call it is about
 * @param entryId    the store's id of this queue entry (a Redis stream id); opaque to everyone but the store
 * @param deliveries how many times the entry has been handed out, this one included (1 the first time)
 */
public record Job(JobKind kind, String callId, String entryId, long deliveries) {

    /** Requires every field. */
    public Job {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(entryId, "entryId");
    }
}

package io.faasfed.gateway.ratelimit;

import java.util.List;

/**
 * What a check decided, told by the tightest bucket: the one with the fewest tokens left when the request is allowed,
 * the refusing bucket that refills last when it is refused.
 *
 * @param allowed    whether the request may go on (a token was taken from every bucket)
 * @param limit      the reported bucket's capacity ({@code RateLimit-Limit})
 * @param remaining  whole tokens left in it after this request ({@code RateLimit-Remaining})
 * @param reset      seconds until it is full again, rounded up ({@code RateLimit-Reset})
 * @param retryAfter when refused, seconds until every refusing bucket holds a token again (at least 1); else 0
 * @param reported   the bucket the numbers describe; null when the store could not be asked and the request was let
 *                   through unmetered ({@link #unmetered()})
 */
public record Decision(boolean allowed, long limit, long remaining, long reset, long retryAfter,
                       BucketLimit reported) {

    private static final Decision UNMETERED = new Decision(true, 0, 0, 0, 0, null);

    /** Checks the numbers. */
    public Decision {
        if (remaining < 0 || reset < 0 || retryAfter < 0) {
            throw new IllegalArgumentException("remaining, reset, retryAfter: " + remaining + ", " + reset + ", "
                    + retryAfter + " (expected: >= 0)");
        }
        if (!allowed && retryAfter < 1) {
            throw new IllegalArgumentException("retryAfter: " + retryAfter + " (expected: >= 1 when refused)");
        }
    }

    /** Allowed without a measurement: the store failed and the route class fails open. No headers are sent. */
    public static Decision unmetered() {
        return UNMETERED;
    }

    /** Whether the numbers describe a real bucket (false after a store failure that failed open). */
    public boolean metered() {
        return reported != null;
    }

    /** One bucket's state after a check, in microseconds. */
    record Outcome(long remaining, long resetMicros, long retryMicros) {
    }

    /**
     * The decision for {@code limits}, from each bucket's outcome (same order).
     *
     * @param allowed whether every bucket held a token (and one was taken from each)
     */
    static Decision of(boolean allowed, List<BucketLimit> limits, List<Outcome> outcomes) {
        if (limits.size() != outcomes.size()) {
            throw new IllegalStateException("outcomes: " + outcomes.size() + " (expected: " + limits.size() + ")");
        }
        int chosen = -1;
        for (int i = 0; i < limits.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (allowed) {
                if (chosen < 0 || outcome.remaining() < outcomes.get(chosen).remaining()
                        || outcome.remaining() == outcomes.get(chosen).remaining()
                        && outcome.resetMicros() > outcomes.get(chosen).resetMicros()) {
                    chosen = i;
                }
            } else if (outcome.retryMicros() > 0
                    && (chosen < 0 || outcome.retryMicros() > outcomes.get(chosen).retryMicros())) {
                chosen = i;
            }
        }
        if (chosen < 0) {
            throw new IllegalStateException("refused, but every bucket holds a token: " + outcomes);
        }
        Outcome outcome = outcomes.get(chosen);
        BucketLimit limit = limits.get(chosen);
        return new Decision(allowed, limit.bandwidth().capacity(), outcome.remaining(),
                seconds(outcome.resetMicros()), allowed ? 0 : Math.max(1, seconds(outcome.retryMicros())), limit);
    }

    private static long seconds(long micros) {
        return micros <= 0 ? 0 : (micros + 999_999) / 1_000_000;
    }
}

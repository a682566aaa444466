package io.faasfed.gateway.ratelimit;

/**
 * The token bucket arithmetic both limiters use ({@link RedisRateLimiter}'s script repeats it line by line): a level
 * in tokens (a double, so refills are continuous), refilled at {@link Bandwidth#tokensPerMicro()} up to the capacity.
 */
final class TokenBuckets {

    /** Levels this close to a whole token count as that token (absorbs rounding in the refill). */
    static final double EPSILON = 1e-6;

    private TokenBuckets() {
    }

    /** The level of a bucket that held {@code tokens} at {@code thenMicros}, at {@code nowMicros}. */
    static double refill(double tokens, long thenMicros, long nowMicros, Bandwidth bandwidth) {
        long elapsed = Math.max(0, nowMicros - thenMicros);
        return Math.min(bandwidth.capacity(), tokens + elapsed * bandwidth.tokensPerMicro());
    }

    /** Whether a bucket at {@code tokens} holds a whole token. */
    static boolean holdsToken(double tokens) {
        return tokens >= 1 - EPSILON;
    }

    /** What a bucket that held {@code before} the check and holds {@code after} it reports. */
    static Decision.Outcome outcome(double before, double after, Bandwidth bandwidth) {
        double rate = bandwidth.tokensPerMicro();
        long remaining = Math.max(0, (long) Math.floor(after + EPSILON));
        double missing = bandwidth.capacity() - after;
        long reset = missing <= EPSILON ? 0 : (long) Math.ceil(missing / rate);
        long retry = holdsToken(before) ? 0 : (long) Math.ceil((1 - before) / rate);
        return new Decision.Outcome(remaining, reset, retry);
    }

    /** Microseconds until a bucket at {@code tokens} is full again (and can be forgotten). */
    static long microsUntilFull(double tokens, Bandwidth bandwidth) {
        double missing = bandwidth.capacity() - tokens;
        return missing <= EPSILON ? 0 : (long) Math.ceil(missing / bandwidth.tokensPerMicro());
    }
}

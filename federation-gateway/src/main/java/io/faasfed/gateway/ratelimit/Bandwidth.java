package io.faasfed.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket's size and refill: up to {@code capacity} requests back to back, then {@code refillTokens} more per
 * {@code refillPeriod}, added continuously (not in steps).
 *
 * @param capacity     the most tokens the bucket holds: the burst a caller can send at once
 * @param refillTokens the tokens added per {@code refillPeriod}
 * @param refillPeriod the period over which {@code refillTokens} are added
 */
public record Bandwidth(long capacity, long refillTokens, Duration refillPeriod) {

    /** The largest capacity: bucket levels stay exact in a double (and in Lua numbers). */
    public static final long MAX_CAPACITY = 1L << 40;

    /** Checks the arguments. */
    public Bandwidth {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: 1.." + MAX_CAPACITY + ")");
        }
        if (refillTokens < 1) {
            throw new IllegalArgumentException("refillTokens: " + refillTokens + " (expected: > 0)");
        }
        Objects.requireNonNull(refillPeriod, "refillPeriod");
        if (refillPeriod.toNanos() < 1_000) {
            throw new IllegalArgumentException("refillPeriod: " + refillPeriod + " (expected: >= 1 µs)");
        }
    }

    /**
     * {@code capacity} back to back, then {@code tokensPerSecond} (which may be fractional, e.g. 0.5 for one request
     * every two seconds).
     */
    public static Bandwidth perSecond(long capacity, double tokensPerSecond) {
        if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond: " + tokensPerSecond + " (expected: > 0)");
        }
        if (tokensPerSecond == Math.rint(tokensPerSecond) && tokensPerSecond <= Long.MAX_VALUE) {
            return new Bandwidth(capacity, (long) tokensPerSecond, Duration.ofSeconds(1));
        }
        long micros = Math.max(1, Math.round(1_000_000 / tokensPerSecond));
        return new Bandwidth(capacity, 1, Duration.ofNanos(micros * 1_000));
    }

    /** Tokens added per microsecond. */
    public double tokensPerMicro() {
        return refillTokens / (refillPeriod.toNanos() / 1_000.0);
    }

    /** Tokens added per second, for documents and headers. */
    public double tokensPerSecond() {
        return tokensPerMicro() * 1_000_000;
    }

    @Override
    public String toString() {
        double rate = tokensPerSecond();
        return "burst " + capacity + ", " + (rate == Math.rint(rate) ? Long.toString((long) rate)
                : String.format(java.util.Locale.ROOT, "%.3f", rate)) + "/s";
    }
}

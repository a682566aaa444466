package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Bounds the platform lookups that names unknown to the registry cause, so that random names cannot amplify traffic
 * towards the platforms:
 * <ul>
 *   <li>a negative cache: a name no platform had is remembered for {@code negativeTtl} (with the platforms that could
 *       not be asked, if any), at most {@code maxNames} names, the oldest forgotten first; a deploy through the gateway
 *       and a discovery pass that finds the name forget it;</li>
 *   <li>a global token bucket over every on-miss lookup: {@code burst} lookups back to back, then
 *       {@code lookupsPerSecond}; a miss beyond it is answered without asking the platforms.</li>
 * </ul>
 * Suppressed lookups are counted in {@code faasfed.discovery.miss.suppressed} (tag {@code reason}:
 * {@code negative-cache} or {@code rate-limit}); lookups made in {@code faasfed.discovery.miss.lookups}.
 */
public final class MissLimiter {

    private final long ttlNanos;
    private final int maxNames;
    private final double tokensPerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, Miss> negative = new LinkedHashMap<>();
    private final Counter negativeHits;
    private final Counter rateLimited;
    private final Counter lookups;
    private double tokens;
    private long refilledAt;

    /**
     * @param negativeTtl      how long a miss is remembered; zero disables the negative cache
     * @param maxNames         the most names remembered
     * @param lookupsPerSecond the sustained rate of on-miss lookups
     * @param burst            the lookups allowed back to back
     * @param meters           where suppressed and made lookups are counted
     * @param nanoTime         the monotonic clock, {@code System::nanoTime} outside tests
     */
    public MissLimiter(Duration negativeTtl, int maxNames, double lookupsPerSecond, int burst, MeterRegistry meters,
                       LongSupplier nanoTime) {
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        if (negativeTtl.isNegative()) {
            throw new IllegalArgumentException("negativeTtl: " + negativeTtl + " (expected: >= 0)");
        }
        if (maxNames < 1) {
            throw new IllegalArgumentException("maxNames: " + maxNames + " (expected: > 0)");
        }
        if (!(lookupsPerSecond > 0)) {
            throw new IllegalArgumentException("lookupsPerSecond: " + lookupsPerSecond + " (expected: > 0)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: > 0)");
        }
        Objects.requireNonNull(meters, "meters");
        this.ttlNanos = negativeTtl.toNanos();
        this.maxNames = maxNames;
        this.tokensPerNano = lookupsPerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
        this.negativeHits = Counter.builder("faasfed.discovery.miss.suppressed").tag("reason", "negative-cache")
                .description("On-miss platform lookups not made because of the negative cache or the global rate")
                .register(meters);
        this.rateLimited = Counter.builder("faasfed.discovery.miss.suppressed").tag("reason", "rate-limit")
                .description("On-miss platform lookups not made because of the negative cache or the global rate")
                .register(meters);
        this.lookups = Counter.builder("faasfed.discovery.miss.lookups")
                .description("On-miss lookups made (each asks every platform once)").register(meters);
    }

    /**
     * The remembered miss of {@code name}, counted as a suppressed lookup; null when there is none (or it expired).
     */
    public Miss remembered(String name) {
        if (ttlNanos == 0) {
            return null;
        }
        long now = nanoTime.getAsLong();
        Miss miss;
        synchronized (negative) {
            miss = negative.get(name);
            if (miss != null && now - miss.at() >= ttlNanos) {
                negative.remove(name);
                miss = null;
            }
        }
        if (miss != null) {
            negativeHits.increment();
        }
        return miss;
    }

    /** Takes one lookup from the global budget; false (counted as suppressed) when it is spent. */
    public boolean tryLookup() {
        boolean granted;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
            granted = tokens >= 1;
            if (granted) {
                tokens -= 1;
            }
        }
        if (granted) {
            lookups.increment();
        } else {
            rateLimited.increment();
        }
        return granted;
    }

    /** Remembers that no platform that answered had {@code name}; {@code unreachable} could not be asked. */
    public void remember(String name, Map<PlatformId, String> unreachable) {
        if (ttlNanos == 0) {
            return;
        }
        Miss miss = new Miss(Map.copyOf(unreachable), nanoTime.getAsLong());
        synchronized (negative) {
            negative.remove(name);
            negative.put(name, miss);
            while (negative.size() > maxNames) {
                negative.remove(negative.keySet().iterator().next());
            }
        }
    }

    /** Forgets {@code name} (it was deployed through the gateway, or found). */
    public void forget(String name) {
        synchronized (negative) {
            negative.remove(name);
        }
    }

    /** Forgets every name of {@code names} (a discovery pass found them). */
    public void forgetAll(Collection<String> names) {
        synchronized (negative) {
            if (negative.isEmpty()) {
                return;
            }
            if (names.size() < negative.size()) {
                names.forEach(negative::remove);
            } else {
                Set<?> set = names instanceof Set<?> given ? given : new HashSet<>(names);
                negative.keySet().removeIf(set::contains);
            }
        }
    }

    /** How many names are remembered as missing. */
    public int size() {
        synchronized (negative) {
            return negative.size();
        }
    }

    /**
     * A remembered miss.
     *
     * @param unreachable the platforms that could not be asked then, with the reason each; empty when every platform
     *                    answered "not found"
     * @param at          when it was remembered, in {@link System#nanoTime()} terms
     */
    public record Miss(Map<PlatformId, String> unreachable, long at) {
    }
}

package io.faasfed.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this process: the embedded default ({@code faasfed.store=memory}); each replica counts on its own.
 *
 * <p>Lock-free: each bucket is an immutable level swapped by compare-and-set, so no check ever waits for another (a
 * Reactor thread must not park). A check of several buckets takes a token from each in turn and, when one is empty,
 * gives back the tokens it took: all or nothing in effect, although for that instant another check may see one token
 * less.
 *
 * <p>Memory stays bounded: a bucket that has been idle long enough to be full again is the same as no bucket, so it
 * is dropped (swept every {@link #SWEEP_INTERVAL}); and when more than {@code maxBuckets} exist at once (callers
 * from very many addresses), the full ones go first, then arbitrary ones, down to nine tenths of the cap — a dropped
 * bucket starts full again, which favours that caller, never refuses one.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    /** The default cap on buckets held at once (about 150 bytes each). */
    public static final int DEFAULT_MAX_BUCKETS = 100_000;

    /** How often buckets that are full again are dropped. */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    /** The state of a bucket taken out of the map; whoever meets it looks the bucket up again. */
    private static final State DROPPED = new State(0, Long.MIN_VALUE, Long.MIN_VALUE);

    private final ConcurrentHashMap<String, AtomicReference<State>> buckets = new ConcurrentHashMap<>();
    private final int maxBuckets;
    private final Clock clock;
    private final AtomicLong lastSweep;

    /**
     * @param maxBuckets the most buckets held at once
     * @param clock      the time buckets refill by: {@code Clock.systemUTC()} outside tests
     */
    public InMemoryRateLimiter(int maxBuckets, Clock clock) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets: " + maxBuckets + " (expected: > 0)");
        }
        this.maxBuckets = maxBuckets;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastSweep = new AtomicLong(micros(clock.instant()));
    }

    @Override
    public Mono<Decision> tryConsume(List<BucketLimit> limits) {
        List<BucketLimit> checked = List.copyOf(RateLimiter.requireDistinct(limits));
        return Mono.fromCallable(() -> consume(checked));
    }

    /** How many buckets are held now. */
    public int size() {
        return buckets.size();
    }

    private Decision consume(List<BucketLimit> limits) {
        long now = micros(clock.instant());
        sweepIfDue(now);
        int count = limits.size();
        double[] before = new double[count];
        List<AtomicReference<State>> taken = new ArrayList<>(count);
        int refused = -1;
        for (int i = 0; i < count && refused < 0; i++) {
            BucketLimit limit = limits.get(i);
            while (true) {
                AtomicReference<State> bucket = bucket(limit, now);
                State state = bucket.get();
                if (state == DROPPED) {
                    buckets.remove(limit.bucket(), bucket);
                    continue;
                }
                before[i] = TokenBuckets.refill(state.tokens(), state.at(), now, limit.bandwidth());
                if (!TokenBuckets.holdsToken(before[i])) {
                    refused = i;
                    break;
                }
                long at = Math.max(state.at(), now);
                if (bucket.compareAndSet(state, State.of(before[i] - 1, at, limit.bandwidth()))) {
                    taken.add(bucket);
                    break;
                }
            }
        }
        List<Decision.Outcome> outcomes = new ArrayList<>(count);
        if (refused >= 0) {
            for (int i = 0; i < taken.size(); i++) {
                giveBack(taken.get(i), limits.get(i).bandwidth());
            }
            for (int i = refused + 1; i < count; i++) {
                State state = bucket(limits.get(i), now).get();
                before[i] = state == DROPPED ? limits.get(i).bandwidth().capacity()
                        : TokenBuckets.refill(state.tokens(), state.at(), now, limits.get(i).bandwidth());
            }
            for (int i = 0; i < count; i++) {
                outcomes.add(TokenBuckets.outcome(before[i], before[i], limits.get(i).bandwidth()));
            }
        } else {
            for (int i = 0; i < count; i++) {
                outcomes.add(TokenBuckets.outcome(before[i], before[i] - 1, limits.get(i).bandwidth()));
            }
        }
        if (buckets.size() > maxBuckets) {
            trim(now);
        }
        return Decision.of(refused < 0, limits, outcomes);
    }

    private AtomicReference<State> bucket(BucketLimit limit, long now) {
        return buckets.computeIfAbsent(limit.bucket(),
                name -> new AtomicReference<>(new State(limit.bandwidth().capacity(), now, now)));
    }

    /** Undoes a take: one token more at the same refill time (a dropped bucket is full anyway). */
    private static void giveBack(AtomicReference<State> bucket, Bandwidth bandwidth) {
        while (true) {
            State state = bucket.get();
            if (state == DROPPED) {
                return;
            }
            double tokens = Math.min(bandwidth.capacity(), state.tokens() + 1);
            if (bucket.compareAndSet(state, State.of(tokens, state.at(), bandwidth))) {
                return;
            }
        }
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL.toNanos() / 1_000 && lastSweep.compareAndSet(last, now)) {
            dropFull(now);
        }
    }

    /** Drops the buckets that are full again at {@code now}. */
    private void dropFull(long now) {
        for (Map.Entry<String, AtomicReference<State>> entry : buckets.entrySet()) {
            State state = entry.getValue().get();
            if (state != DROPPED && state.fullAt() <= now) {
                drop(entry.getKey(), entry.getValue(), state);
            }
        }
    }

    /** Over the cap: the full buckets go first, then arbitrary ones, down to nine tenths of the cap. */
    private void trim(long now) {
        dropFull(now);
        int target = maxBuckets - maxBuckets / 10;
        Iterator<Map.Entry<String, AtomicReference<State>>> entries = buckets.entrySet().iterator();
        while (buckets.size() > target && entries.hasNext()) {
            Map.Entry<String, AtomicReference<State>> entry = entries.next();
            State state = entry.getValue().get();
            if (state != DROPPED) {
                drop(entry.getKey(), entry.getValue(), state);
            }
        }
    }

    /** Drops a bucket unless a check changed it meanwhile. */
    private void drop(String name, AtomicReference<State> bucket, State seen) {
        if (bucket.compareAndSet(seen, DROPPED)) {
            buckets.remove(name, bucket);
        }
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /**
     * A bucket's level.
     *
     * @param tokens the tokens it held at {@code at}
     * @param at     when, in µs since the epoch
     * @param fullAt when it is full again if nothing is taken (then it can be dropped)
     */
    private record State(double tokens, long at, long fullAt) {
        static State of(double tokens, long at, Bandwidth bandwidth) {
            return new State(tokens, at, at + TokenBuckets.microsUntilFull(tokens, bandwidth));
        }
    }
}

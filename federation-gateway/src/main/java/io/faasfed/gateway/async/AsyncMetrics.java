package io.faasfed.gateway.async;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The async metrics, tagged by platform at most (never by function or call, so their number stays bounded):
 * <ul>
 *   <li>{@code faasfed.async.queue.depth{part=ready|pending|delayed}} and {@code faasfed.async.dead.letters}: the
 *       shared queue, as last read from the store (refreshed in the background);</li>
 *   <li>{@code faasfed.async.in.flight}: jobs this replica holds;</li>
 *   <li>{@code faasfed.async.submitted{platform}}, {@code faasfed.async.attempts{platform,outcome}},
 *       {@code faasfed.async.retries{platform}}, {@code faasfed.async.finished{platform,state}};</li>
 *   <li>{@code faasfed.async.latency{platform,state}}: end-to-end, from submit to the final outcome;</li>
 *   <li>{@code faasfed.async.callbacks{outcome=delivered|retry|failed|refused}}.</li>
 * </ul>
 */
public final class AsyncMetrics {

    private final MeterRegistry meters;
    private final AtomicReference<AsyncStore.QueueStats> stats = new AtomicReference<>(
            new AsyncStore.QueueStats(0, 0, 0, 0));

    /** Registers the queue gauges on {@code meters}. */
    public AsyncMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (String part : new String[] {"ready", "pending", "delayed"}) {
            Gauge.builder("faasfed.async.queue.depth", stats, value -> switch (part) {
                case "ready" -> value.get().ready();
                case "pending" -> value.get().pending();
                default -> value.get().delayed();
            }).tag("part", part).description("Asynchronous jobs in the shared queue, by part")
                    .baseUnit("jobs").register(meters);
        }
        Gauge.builder("faasfed.async.dead.letters", stats, value -> value.get().deadLetters())
                .description("Calls on the dead-letter list").baseUnit("calls").register(meters);
    }

    /** The last queue size read from the store. */
    public AsyncStore.QueueStats stats() {
        return stats.get();
    }

    /** Remembers the queue's size as just read. */
    public void stats(AsyncStore.QueueStats value) {
        stats.set(value);
    }

    /** Registers the gauge of jobs this replica holds. */
    public void inFlight(Supplier<Integer> held) {
        Gauge.builder("faasfed.async.in.flight", held, supplier -> supplier.get())
                .description("Asynchronous jobs this replica holds").baseUnit("jobs").register(meters);
    }

    /** A call accepted on {@code platform}. */
    public void submitted(String platform) {
        Counter.builder("faasfed.async.submitted").tag("platform", platform)
                .description("Asynchronous calls accepted").register(meters).increment();
    }

    /** An attempt ended. */
    public void attemptEnded(String platform, Outcome.Kind outcome) {
        Counter.builder("faasfed.async.attempts").tag("platform", platform)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .description("Attempts of asynchronous calls, by outcome").register(meters).increment();
    }

    /** A retry scheduled. */
    public void retried(String platform) {
        Counter.builder("faasfed.async.retries").tag("platform", platform)
                .description("Retries of asynchronous calls scheduled").register(meters).increment();
    }

    /** A call reached a final state. */
    public void finished(String platform, CallState state, Instant submitted, Instant now) {
        String name = state.name().toLowerCase(Locale.ROOT);
        Counter.builder("faasfed.async.finished").tag("platform", platform).tag("state", name)
                .description("Asynchronous calls that reached a final state").register(meters).increment();
        Timer.builder("faasfed.async.latency").tag("platform", platform).tag("state", name)
                .description("From submit to final outcome").register(meters)
                .record(Duration.between(submitted, now).isNegative() ? Duration.ZERO : Duration.between(submitted,
                        now));
    }

    /** A callback delivery ended. */
    public void callback(String outcome) {
        Counter.builder("faasfed.async.callbacks").tag("outcome", outcome)
                .description("Callback deliveries, by outcome").register(meters).increment();
    }
}

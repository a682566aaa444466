package io.faasfed.gateway.invoke;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Invocation metrics: {@code faasfed_invocations_total{platform,function,status}} and the duration histogram
 * {@code faasfed_invocation_duration_seconds{platform,function}}. Meters are cached per key so that the hot path does
 * no registry look-up after the first call of a function.
 */
public final class InvocationMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> perFunction =
            new ConcurrentHashMap<>();

    /** Metrics in {@code registry}. */
    public InvocationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one finished call. */
    public void record(String platform, String function, int status, Duration duration) {
        String key = platform + '\u0000' + function;
        timers.computeIfAbsent(key, k -> Timer.builder("faasfed.invocation.duration")
                        .description("Duration of function invocations through the gateway")
                        .tag("platform", platform).tag("function", function)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(duration);
        counters.computeIfAbsent(key + '\u0000' + status, k -> Counter.builder("faasfed.invocations")
                        .description("Function invocations through the gateway")
                        .tag("platform", platform).tag("function", function).tag("status", Integer.toString(status))
                        .register(registry))
                .increment();
        perFunction.computeIfAbsent(function, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    /**
     * Forgets this gateway's call count of {@code function} (after a delete, so that a function re-created under
     * the same name starts at zero, as on OpenFaaS). The Prometheus counters are cumulative and stay.
     */
    public void reset(String function) {
        perFunction.remove(function);
    }

    /** How many calls of {@code function} this gateway has served since it started (or since its last delete). */
    public long count(String function) {
        java.util.concurrent.atomic.LongAdder adder = perFunction.get(function);
        return adder == null ? 0 : adder.sum();
    }
}

package io.faasfed.adapter.api;

import java.time.Duration;

/**
 * Resource limits in neutral units. Every field is optional (null means "the platform's default"); each adapter
 * maps them to its platform's units and rejects values its platform cannot honour with
 * {@link FaasException.InvalidSpec}.
 *
 * @param memoryMiB   memory in MiB, {@code > 0}
 * @param cpus        CPUs as a decimal (0.5 = half a core), {@code > 0}
 * @param timeout     the longest one invocation may run, {@code > 0}
 * @param idleTimeout how long an idle instance is kept warm, {@code > 0}
 * @param concurrency concurrent invocations one instance serves, {@code > 0}
 */
public record Limits(Integer memoryMiB, Double cpus, Duration timeout, Duration idleTimeout, Integer concurrency) {

    private static final Limits NONE = new Limits(null, null, null, null, null);

    /** Validates that every limit given is positive. */
    public Limits {
        Checks.positive("limits.memoryMiB", memoryMiB);
        Checks.positive("limits.cpus", cpus);
        Checks.positive("limits.timeout", timeout);
        Checks.positive("limits.idleTimeout", idleTimeout);
        Checks.positive("limits.concurrency", concurrency);
    }

    /** No limits: every platform default applies. */
    public static Limits none() {
        return NONE;
    }

    /** Whether no limit is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** A copy with {@code memoryMiB} set. */
    public Limits withMemoryMiB(Integer value) {
        return new Limits(value, cpus, timeout, idleTimeout, concurrency);
    }

    /** A copy with {@code cpus} set. */
    public Limits withCpus(Double value) {
        return new Limits(memoryMiB, value, timeout, idleTimeout, concurrency);
    }

    /** A copy with {@code timeout} set. */
    public Limits withTimeout(Duration value) {
        return new Limits(memoryMiB, cpus, value, idleTimeout, concurrency);
    }

    /** A copy with {@code idleTimeout} set. */
    public Limits withIdleTimeout(Duration value) {
        return new Limits(memoryMiB, cpus, timeout, value, concurrency);
    }

    /** A copy with {@code concurrency} set. */
    public Limits withConcurrency(Integer value) {
        return new Limits(memoryMiB, cpus, timeout, idleTimeout, value);
    }
}

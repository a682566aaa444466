package io.faasfed.adapter.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one {@link FaasPlatform#probe()}.
 *
 * @param platform  the platform probed
 * @param status    up, degraded or down
 * @param detail    a sentence for operators: what answered, or what failed and how
 * @param latency   how long the probe took
 * @param checkedAt when it ran
 * @param info      facts the platform reported (provider, version, invokers ready, ...)
 */
public record PlatformHealth(PlatformId platform, Status status, String detail, Duration latency, Instant checkedAt,
                             Map<String, String> info) {

    /** Requires platform, status and time; null detail and info become empty. */
    public PlatformHealth {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(checkedAt, "checkedAt");
        detail = detail == null ? "" : detail;
        latency = latency == null ? Duration.ZERO : latency;
        info = info == null ? Map.of() : Map.copyOf(info);
    }

    /** A healthy platform. */
    public static PlatformHealth up(PlatformId platform, Duration latency, Map<String, String> info) {
        return new PlatformHealth(platform, Status.UP, "reachable", latency, Instant.now(), info);
    }

    /** A platform that answers but not fully (for example, no invoker ready). */
    public static PlatformHealth degraded(PlatformId platform, String detail, Duration latency,
                                          Map<String, String> info) {
        return new PlatformHealth(platform, Status.DEGRADED, detail, latency, Instant.now(), info);
    }

    /** An unreachable or failing platform. */
    public static PlatformHealth down(PlatformId platform, String detail, Duration latency) {
        return new PlatformHealth(platform, Status.DOWN, detail, latency, Instant.now(), Map.of());
    }

    /** Whether the platform can serve calls ({@code UP} or {@code DEGRADED}). */
    public boolean isServing() {
        return status != Status.DOWN;
    }

    /** How healthy a platform is. */
    public enum Status {
        /** Answers and serves. */
        UP,
        /** Answers, but with reduced capacity. */
        DEGRADED,
        /** Does not answer, or refuses us. */
        DOWN
    }
}

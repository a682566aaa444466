package io.faasfed.adapter.openwhisk.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits a deploy is checked against before it reaches the controller, and the values sent when a spec leaves a
 * limit open (the controller merges an update, so an omitted limit would silently keep its old value).
 *
 * @param memoryMin      the smallest memory limit the controller accepts, in MB
 * @param memoryMax      the largest memory limit the controller accepts, in MB
 * @param memoryDefault  the memory limit sent when the spec sets none, in MB
 * @param timeoutMin     the shortest action timeout the controller accepts
 * @param timeoutMax     the longest action timeout the controller accepts
 * @param timeoutDefault the timeout sent when the spec sets none
 * @param concurrencyMax the highest intra-container concurrency the controller accepts
 */
public record DeployRules(int memoryMin, int memoryMax, int memoryDefault, Duration timeoutMin, Duration timeoutMax,
                          Duration timeoutDefault, int concurrencyMax) {

    /** Checks that every range is well-formed and holds its default. */
    public DeployRules {
        Objects.requireNonNull(timeoutMin, "timeoutMin");
        Objects.requireNonNull(timeoutMax, "timeoutMax");
        Objects.requireNonNull(timeoutDefault, "timeoutDefault");
        if (memoryMin <= 0 || memoryMin > memoryMax) {
            throw new IllegalArgumentException("memory-min/memory-max: " + memoryMin + "/" + memoryMax
                    + " (expected: 0 < memory-min <= memory-max)");
        }
        if (memoryDefault < memoryMin || memoryDefault > memoryMax) {
            throw new IllegalArgumentException("memory-default: " + memoryDefault + " (expected: within memory-min "
                    + memoryMin + " and memory-max " + memoryMax + ")");
        }
        if (timeoutMin.isNegative() || timeoutMin.isZero() || timeoutMin.compareTo(timeoutMax) > 0) {
            throw new IllegalArgumentException("timeout-min/timeout-max: " + timeoutMin + "/" + timeoutMax
                    + " (expected: 0 < timeout-min <= timeout-max)");
        }
        if (timeoutDefault.compareTo(timeoutMin) < 0 || timeoutDefault.compareTo(timeoutMax) > 0) {
            throw new IllegalArgumentException("timeout-default: " + timeoutDefault + " (expected: within timeout-min "
                    + timeoutMin + " and timeout-max " + timeoutMax + ")");
        }
        if (concurrencyMax <= 0) {
            throw new IllegalArgumentException("concurrency-max: " + concurrencyMax + " (expected: > 0)");
        }
    }

    /** The open-source controller's defaults: 128-512 MB (256), 100 ms-300 s (60 s), concurrency 1. */
    public static DeployRules openSourceDefaults() {
        return new DeployRules(128, 512, 256, Duration.ofMillis(100), Duration.ofMinutes(5), Duration.ofSeconds(60),
                1);
    }
}

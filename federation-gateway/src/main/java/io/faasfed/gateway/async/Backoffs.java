package io.faasfed.gateway.async;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** The wait before an attempt: exponential in the attempts so far, capped, with a random share (jitter). */
public final class Backoffs {

    private final AsyncProperties.Backoff settings;
    private final DoubleSupplier random;

    /**
     * @param settings the back-off settings
     * @param random   uniform numbers in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
     */
    public Backoffs(AsyncProperties.Backoff settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
        if (settings.getInitial().isNegative() || settings.getInitial().isZero()) {
            throw new IllegalStateException("faasfed.async backoff.initial: " + settings.getInitial()
                    + " (expected: a duration > 0, e.g. 1s)");
        }
        if (settings.getMax().compareTo(settings.getInitial()) < 0) {
            throw new IllegalStateException("faasfed.async backoff.max: " + settings.getMax()
                    + " (expected: at least backoff.initial, " + settings.getInitial() + ")");
        }
    }

    /**
     * The wait after {@code failed} failed attempts (1 after the first): {@code min(max, initial × multiplier^(failed-1))},
     * of which the jitter share is random; never less than {@code floor} (a platform's Retry-After).
     */
    public Duration after(int failed, Duration floor) {
        double base = settings.getInitial().toMillis() * Math.pow(settings.getMultiplier(), Math.max(0, failed - 1));
        double capped = Math.min(settings.getMax().toMillis(), base);
        double jitter = settings.getJitter();
        long millis = Math.round(capped * (1 - jitter) + capped * jitter * random.getAsDouble());
        Duration wait = Duration.ofMillis(Math.max(1, millis));
        return floor != null && floor.compareTo(wait) > 0 ? floor : wait;
    }
}

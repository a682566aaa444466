package io.faasfed.gateway.composition;

import java.time.Duration;
import java.util.List;

/**
 * A retry policy entry: a failure of one of {@code errors} is tried again, up to {@code maxAttempts} attempts in all,
 * waiting {@code interval × backoffRate^(retry-1)} before each retry, of which a {@code jitter} share is random.
 *
 * @param errors      the categories it retries; at least one
 * @param interval    the wait before the first retry ({@value #DEFAULT_INTERVAL_TEXT} by default; 0 to 1h)
 * @param backoffRate how much each wait grows over the previous one (at least 1, at most 10; 2 by default)
 * @param maxAttempts attempts in all, the first included (1 to 100; 3 by default)
 * @param jitter      the random share of each wait (0 to 1; 0 by default)
 */
public record Retrier(List<ErrorCategory> errors, Duration interval, double backoffRate, int maxAttempts,
                      double jitter) {

    /** The default wait before the first retry, as written. */
    public static final String DEFAULT_INTERVAL_TEXT = "1s";
    /** The default wait before the first retry. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** The default growth of the wait. */
    public static final double DEFAULT_BACKOFF_RATE = 2.0;
    /** The default number of attempts in all. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** Copies the list and fills in the default interval. */
    public Retrier {
        errors = ActionState.copy(errors);
        interval = interval == null ? DEFAULT_INTERVAL : interval;
    }

    /** Whether this entry retries a failure of category {@code actual}. */
    public boolean matches(ErrorCategory actual) {
        return errors.stream().anyMatch(e -> e.matches(actual));
    }

    /**
     * The wait before retry number {@code retry} (1 for the second attempt).
     *
     * @param retry  the retry's number, from 1
     * @param random a uniform number in [0, 1)
     */
    public Duration delayBefore(int retry, double random) {
        double base = interval.toMillis() * Math.pow(backoffRate, Math.max(0, retry - 1));
        double millis = base * (1 - jitter) + base * jitter * random;
        return Duration.ofMillis(Math.round(Math.min(millis, Duration.ofHours(24).toMillis())));
    }
}

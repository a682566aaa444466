package io.faasfed.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How a function process ended.
 *
 * @param status how it ended
 * @param exitCode the exit status ({@code -1} unless {@link Status#EXITED})
 * @param stdout what it printed on stdout (with stderr when merged), at most the runner's cap
 * @param stderr what it printed on stderr when not merged
 * @param duration from start to end
 * @param message a human explanation for the statuses other than {@link Status#EXITED}
 */
public record ProcessOutcome(Status status, int exitCode, byte[] stdout, byte[] stderr, Duration duration,
        String message) {

    /** How a process ended. */
    public enum Status {
        /** It exited by itself; see the exit code. */
        EXITED,
        /** It ran past its timeout and was killed. */
        TIMED_OUT,
        /** It printed more than the cap and was killed. */
        OUTPUT_TOO_LARGE,
        /** It could not be started (unknown program, emulator closing). */
        NOT_STARTED
    }

    /** Whether it exited with status 0. */
    public boolean succeeded() {
        return status == Status.EXITED && exitCode == 0;
    }

    /** Stdout as UTF-8 text. */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Stderr as UTF-8 text. */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Seconds taken, as the watchdog's {@code X-Duration-Seconds} writes them. */
    public String durationSeconds() {
        return String.format(java.util.Locale.ROOT, "%.6f", duration.toNanos() / 1e9);
    }
}

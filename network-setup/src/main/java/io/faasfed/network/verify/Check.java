package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

/**
 * One row of the verify table.
 *
 * @param hop what was checked ({@code network}, {@code attached}, {@code dns}, {@code http})
 * @param target what it was checked on ({@code faasnet}, {@code func_gateway}, {@code http://gateway:8080/healthz})
 * @param status how it went
 * @param detail what was seen, and on failure how to fix it
 */
public record Check(String hop, String target, Status status, String detail) {

    public Check {
        requireNonNull(hop, "hop");
        requireNonNull(target, "target");
        requireNonNull(status, "status");
        requireNonNull(detail, "detail");
    }

    /** How a check went. */
    public enum Status {
        /** It held. */
        PASS,
        /** It did not; the detail says what was seen and what to do. */
        FAIL,
        /** It was not run (the platform was not asked for and is not there, or an earlier hop failed). */
        SKIPPED
    }
}

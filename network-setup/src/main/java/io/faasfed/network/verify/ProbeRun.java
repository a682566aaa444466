package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How one probe container went.
 *
 * @param name the container's name
 * @param image the image it ran
 * @param failure why it could not run (no image, the engine refused it), with how to fix it; empty when it ran
 * @param output what it printed
 * @param stopped whether it was stopped at {@code limit} rather than ending by itself
 * @param limit how long it was allowed to run
 * @param exitCode its exit code, -1 when unknown
 * @param took how long it ran
 */
record ProbeRun(String name, String image, Optional<String> failure, ProbeOutput output, boolean stopped, Duration limit,
                long exitCode, Duration took) {

    ProbeRun {
        requireNonNull(name, "name");
        requireNonNull(image, "image");
        requireNonNull(failure, "failure");
        requireNonNull(output, "output");
        requireNonNull(limit, "limit");
        requireNonNull(took, "took");
    }

    /** A probe that could not run at all. */
    static ProbeRun failed(String name, String image, String failure, Duration limit) {
        return new ProbeRun(name, image, Optional.of(failure), ProbeOutput.parse(""), false, limit, -1, Duration.ZERO);
    }

    /** Whether it ran its script (which may still have stopped early). */
    boolean ran() {
        return failure.isEmpty() && output.started();
    }
}

package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;

import io.faasfed.network.ModeChoice;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformLayout;

/**
 * What {@code faasfed network verify} checks.
 *
 * @param network the shared network's name
 * @param mode the mode asked for
 * @param layout where the platforms' components run and what they are called
 * @param platforms the platforms that must be there; empty: every platform whose components are found (the others are
 *                  SKIPPED rows)
 * @param requireGateway whether the faasfed gateway must be there (otherwise it is checked when found)
 * @param probeImage the image of the probe container (it needs {@code sh}, {@code nslookup} and {@code wget}: busybox)
 * @param hopTimeout how long one DNS lookup or HTTP call from the probe may take
 */
public record VerifyRequest(String network, ModeChoice mode, PlatformLayout layout, Set<Platform> platforms,
                            boolean requireGateway, String probeImage, Duration hopTimeout) {

    /** The probe image used when none is given. */
    public static final String DEFAULT_PROBE_IMAGE = "busybox:1.36";

    /** How long one hop may take when nothing else is said. */
    public static final Duration DEFAULT_HOP_TIMEOUT = Duration.ofSeconds(5);

    public VerifyRequest {
        requireNonNull(network, "network");
        requireNonNull(mode, "mode");
        requireNonNull(layout, "layout");
        platforms = Set.copyOf(platforms);
        requireNonNull(probeImage, "probeImage");
        requireNonNull(hopTimeout, "hopTimeout");
        NetworkSpec.named(network);
        if (probeImage.isBlank()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The probe image is empty.",
                    "Leave --probe-image out for " + DEFAULT_PROBE_IMAGE + ", or name an image with sh, nslookup and wget.");
        }
        if (hopTimeout.isNegative() || hopTimeout.isZero()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "A hop timeout of " + hopTimeout + " leaves no time for a hop.",
                    "Give at least one second (the default is " + DEFAULT_HOP_TIMEOUT.toSeconds() + " s).");
        }
    }

    /**
     * A verify of {@code network} in the mode the engine suggests, with the reference layout, every platform that is
     * found, the faasfed gateway when it runs, the default probe image and hop timeout.
     */
    public static VerifyRequest of(String network) {
        return new VerifyRequest(network, ModeChoice.AUTO, PlatformLayout.defaults(), Set.of(), false, DEFAULT_PROBE_IMAGE,
                DEFAULT_HOP_TIMEOUT);
    }
}

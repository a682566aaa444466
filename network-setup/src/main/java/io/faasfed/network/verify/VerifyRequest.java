package io.faasfed.network.verify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;

import io.faasfed.network.ModeChoice;
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

    public VerifyRequest {
        requireNonNull(network, "network");
        requireNonNull(mode, "mode");
        requireNonNull(layout, "layout");
        platforms = Set.copyOf(platforms);
        requireNonNull(probeImage, "probeImage");
        requireNonNull(hopTimeout, "hopTimeout");
    }
}

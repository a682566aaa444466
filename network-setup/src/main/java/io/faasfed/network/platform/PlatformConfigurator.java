package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import io.faasfed.network.Engine;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.Progress;
import reactor.core.publisher.Mono;

/**
 * Puts a platform on the shared network: attaches its components and sets what makes it start function containers
 * there (CONTRACTS.md §4), on running Swarm services or single-host containers; or prints that configuration.
 */
public final class PlatformConfigurator {

    private final Engine engine;

    /** A configurator on {@code engine}. */
    public PlatformConfigurator(Engine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /** What {@link #apply} would do; nothing is changed. */
    public Mono<PlatformPlan> plan(Platform platform, PlatformLayout layout, String network, ModeChoice mode, Progress progress) {
        return Mono.error(new UnsupportedOperationException("filled by the platform-configuration work"));
    }

    /** Plans and carries the plan out; a second apply changes nothing. */
    public Mono<PlatformPlan> apply(Platform platform, PlatformLayout layout, String network, ModeChoice mode, Progress progress) {
        return Mono.error(new UnsupportedOperationException("filled by the platform-configuration work"));
    }

    /** The configuration people who run {@code platform} themselves set, in {@code format}; needs no engine. */
    public static String render(Platform platform, PlatformLayout layout, String network, Mode mode, ConfigFormat format) {
        throw new UnsupportedOperationException("filled by the platform-configuration work");
    }
}

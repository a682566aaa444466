package io.faasfed.gateway.platform;

import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.util.Objects;

/**
 * One platform instance as the gateway runs it: the adapter plus the federation's own settings for it.
 *
 * @param platform the adapter instance
 * @param priority collision priority; lower wins
 * @param url      where the platform is, for operators (may be null when the adapter has no single URL)
 */
public record ConfiguredPlatform(FaasPlatform platform, int priority, String url) {

    /** Requires the platform. */
    public ConfiguredPlatform {
        Objects.requireNonNull(platform, "platform");
    }

    /** The instance's id. */
    public PlatformId id() {
        return platform.id();
    }

    /** The instance's type. */
    public PlatformType type() {
        return platform.type();
    }
}

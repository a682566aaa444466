package io.faasfed.gateway.platform;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The enabled platform instances by id, in configuration order. Immutable once built; lookups are map accesses.
 */
public final class PlatformDirectory {

    private final Map<PlatformId, ConfiguredPlatform> platforms;
    private final Map<String, ConfiguredPlatform> byName;
    private final PlatformId defaultPlatform;

    /**
     * A directory of {@code platforms}.
     *
     * @param platforms       the enabled platforms, in configuration order
     * @param defaultPlatform where deploys go when they name no platform; null for the first one
     */
    public PlatformDirectory(List<ConfiguredPlatform> platforms, PlatformId defaultPlatform) {
        LinkedHashMap<PlatformId, ConfiguredPlatform> map = new LinkedHashMap<>();
        platforms.forEach(platform -> {
            if (map.putIfAbsent(platform.id(), platform) != null) {
                throw new IllegalStateException("platform id '" + platform.id() + "' is configured twice");
            }
        });
        this.platforms = Collections.unmodifiableMap(map);
        this.byName = map.values().stream()
                .collect(Collectors.toUnmodifiableMap(platform -> platform.id().value(), platform -> platform));
        if (defaultPlatform != null && (!map.containsKey(defaultPlatform)
                || map.get(defaultPlatform).type() == PlatformType.COMPOSITION)) {
            throw new IllegalStateException("faasfed.default-platform: '" + defaultPlatform
                    + "' is not an enabled platform that functions are deployed to (expected one of "
                    + map.values().stream().filter(platform -> platform.type() != PlatformType.COMPOSITION)
                    .map(platform -> platform.id().value()).collect(Collectors.joining(", ")) + ")");
        }
        // compositions are saved through their own API, never deployed to by default
        this.defaultPlatform = defaultPlatform != null ? defaultPlatform
                : map.values().stream().filter(platform -> platform.type() != PlatformType.COMPOSITION)
                .map(ConfiguredPlatform::id).findFirst().orElse(null);
    }

    /** Every enabled platform, in configuration order. */
    public Collection<ConfiguredPlatform> all() {
        return platforms.values();
    }

    /** The platform with {@code id}, if enabled. */
    public Optional<ConfiguredPlatform> find(PlatformId id) {
        return Optional.ofNullable(platforms.get(id));
    }

    /** The platform named {@code id}, if enabled; no validation of the name's form. */
    public Optional<ConfiguredPlatform> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byName.get(id.trim()));
    }

    /** The platform with {@code id}; {@link FaasException.PlatformUnavailable} when it is not enabled. */
    public ConfiguredPlatform require(PlatformId id) {
        ConfiguredPlatform platform = platforms.get(id);
        if (platform == null) {
            throw new FaasException.PlatformUnavailable(id, "is not an enabled platform of this gateway", null);
        }
        return platform;
    }

    /** Where a deploy goes when it names no platform; empty when no platform is configured. */
    public Optional<ConfiguredPlatform> defaultPlatform() {
        return defaultPlatform == null ? Optional.empty() : Optional.of(platforms.get(defaultPlatform));
    }

    /** The collision priority of {@code id}; platforms that are not enabled sort last. */
    public int priority(PlatformId id) {
        ConfiguredPlatform platform = platforms.get(id);
        return platform == null ? Integer.MAX_VALUE : platform.priority();
    }

    /** The enabled ids, comma-separated, for messages. */
    public String ids() {
        return platforms.isEmpty() ? "none is configured"
                : platforms.keySet().stream().map(PlatformId::value).collect(Collectors.joining(", "));
    }

    /** Whether no platform is enabled. */
    public boolean isEmpty() {
        return platforms.isEmpty();
    }
}

package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.List;

import io.faasfed.network.Mode;

/**
 * What {@code configure <platform> --apply} would do, or did.
 *
 * @param platform the platform
 * @param mode Swarm services or single-host containers
 * @param network the shared network's name
 * @param found the platform's components as found on the engine
 * @param changes what apply does, in order; empty when the platform is configured already
 * @param notes things worth knowing that apply does not change (the faasfed gateway's own settings, ...)
 */
public record PlatformPlan(Platform platform, Mode mode, String network, List<Located> found, List<PlatformChange> changes,
                           List<String> notes) {

    public PlatformPlan {
        requireNonNull(platform, "platform");
        requireNonNull(mode, "mode");
        requireNonNull(network, "network");
        found = List.copyOf(found);
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    /** Whether there is nothing to change. */
    public boolean upToDate() {
        return changes.isEmpty();
    }
}

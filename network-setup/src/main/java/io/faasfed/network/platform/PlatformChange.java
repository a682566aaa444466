package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

/**
 * One thing {@code configure --apply} does, or would do, to a platform's component.
 *
 * @param role the component's role ({@code invoker})
 * @param target the service's or container's actual name
 * @param action what kind of change
 * @param description one line for people
 */
public record PlatformChange(String role, String target, Action action, String description) {

    public PlatformChange {
        requireNonNull(role, "role");
        requireNonNull(target, "target");
        requireNonNull(action, "action");
        requireNonNull(description, "description");
    }

    /** The kinds of change. */
    public enum Action {
        /** Attach a running service or container to the network (with its DNS name as alias). */
        ATTACH,
        /** Set environment on a service (Swarm rolls its tasks). */
        SET_ENV,
        /** Re-create a container with new environment (and the network), keeping everything else it was created with. */
        RECREATE
    }
}

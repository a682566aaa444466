package io.faasfed.network;

import static java.util.Objects.requireNonNull;

/**
 * One thing {@code apply} does, or would do.
 *
 * @param action what kind of change
 * @param target what it changes (a network's or a service's name)
 * @param description one line for people ("create attachable overlay network faasnet (subnet chosen by the engine)")
 */
public record Change(Action action, String target, String description) {

    public Change {
        requireNonNull(action, "action");
        requireNonNull(target, "target");
        requireNonNull(description, "description");
    }

    /** The kinds of change. */
    public enum Action {
        /** {@code docker swarm init} on this engine (only with {@code --init-swarm}). */
        INIT_SWARM,
        /** Create the shared network. */
        CREATE_NETWORK,
        /** Remove the shared network. */
        REMOVE_NETWORK,
        /** Detach a container from the network ({@code destroy --force}). */
        DETACH_CONTAINER,
        /** Take a service off the network ({@code destroy --force}). */
        DETACH_SERVICE,
        /** Remove a probe container a failed {@code verify} left behind. */
        REMOVE_PROBE
    }
}

package io.faasfed.network;

/** What the user asked for with {@code --mode}. */
public enum ModeChoice {
    /** Swarm when this engine is a Swarm manager, single host when it is in no swarm. */
    AUTO,
    /** Swarm, and fail (or initialise the swarm, with {@code --init-swarm}) when this engine is not a manager. */
    SWARM,
    /** A bridge network on this engine, even when it is a Swarm manager. */
    SINGLE_HOST
}

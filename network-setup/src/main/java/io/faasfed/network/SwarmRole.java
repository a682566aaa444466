package io.faasfed.network;

/** What this engine is in a Swarm, as far as creating overlay networks and services goes. */
public enum SwarmRole {
    /** Not part of a swarm: only local (bridge) networks and plain containers. */
    NONE,
    /** A manager: overlay networks and services can be created here. */
    MANAGER,
    /** A worker: it runs tasks but cannot create overlay networks or services. */
    WORKER,
    /** Joining, locked or in error: nothing Swarm-scoped can be done until that is resolved. */
    UNAVAILABLE
}

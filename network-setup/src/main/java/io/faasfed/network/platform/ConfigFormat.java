package io.faasfed.network.platform;

/** How {@code faasfed configure <platform>} prints a platform's configuration for people who run it themselves. */
public enum ConfigFormat {
    /** Explained: what to set on which component and why, then the compose snippet. */
    TEXT,
    /** {@code KEY=VALUE} lines per component, as comments say which. */
    ENV,
    /** A compose / stack file fragment: services with the network and environment, the network external. */
    COMPOSE
}

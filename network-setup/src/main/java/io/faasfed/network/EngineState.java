package io.faasfed.network;

import static java.util.Objects.requireNonNull;

/**
 * What the engine said about itself: its version, the API version it speaks at most, and its part in a swarm.
 *
 * @param host the address it was reached at
 * @param serverVersion the engine's version ({@code 20.10.24+dfsg1})
 * @param maxApiVersion the newest Engine API it speaks ({@code 1.41})
 * @param swarmRole its part in a swarm
 * @param swarmState the engine's own word for its swarm state ({@code active}, {@code inactive}, {@code locked}, ...)
 * @param nodeId the Swarm node id, empty when not in a swarm
 */
public record EngineState(String host, String serverVersion, String maxApiVersion, SwarmRole swarmRole,
                          String swarmState, String nodeId) {

    public EngineState {
        requireNonNull(host, "host");
        requireNonNull(serverVersion, "serverVersion");
        requireNonNull(maxApiVersion, "maxApiVersion");
        requireNonNull(swarmRole, "swarmRole");
        requireNonNull(swarmState, "swarmState");
        nodeId = nodeId == null ? "" : nodeId;
    }
}

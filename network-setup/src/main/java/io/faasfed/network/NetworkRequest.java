package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What {@code network plan} and {@code network apply} were asked for.
 *
 * @param spec the network
 * @param mode the mode asked for
 * @param initSwarm whether an engine in no swarm may be made a single-node Swarm manager
 * @param advertiseAddress the address {@code swarm init} advertises, when the engine cannot pick one
 */
public record NetworkRequest(NetworkSpec spec, ModeChoice mode, boolean initSwarm, Optional<String> advertiseAddress) {

    public NetworkRequest {
        requireNonNull(spec, "spec");
        requireNonNull(mode, "mode");
        requireNonNull(advertiseAddress, "advertiseAddress");
    }

    /** The default network in the mode the engine suggests. */
    public static NetworkRequest of(NetworkSpec spec) {
        return new NetworkRequest(spec, ModeChoice.AUTO, false, Optional.empty());
    }
}

package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A component found on the engine.
 *
 * @param component what was looked for
 * @param kind a Swarm service or a plain container
 * @param id its id
 * @param name its actual name ({@code func_gateway}, {@code openwhisk-invoker-1})
 * @param running whether it runs: a container that is running, a service with at least one running task
 * @param networks the networks it is attached to, by name where the engine says it and by id otherwise
 * @param env its environment as {@code KEY=VALUE} lines' key and value
 */
public record Located(Component component, Kind kind, String id, String name, boolean running, List<String> networks,
                      Map<String, String> env) {

    public Located {
        requireNonNull(component, "component");
        requireNonNull(kind, "kind");
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        networks = List.copyOf(networks);
        env = Map.copyOf(env);
    }

    /** Whether it is attached to the network with that id or name. */
    public boolean attachedTo(String networkId, String networkName) {
        return networks.contains(networkId) || networks.contains(networkName);
    }

    /** Service or container. */
    public enum Kind {
        /** A Swarm service. */
        SERVICE,
        /** A plain container. */
        CONTAINER;

        /** {@code service} or {@code container}, for output. */
        public String word() {
            return this == SERVICE ? "service" : "container";
        }
    }
}

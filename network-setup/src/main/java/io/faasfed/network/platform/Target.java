package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A found component with what {@code configure} needs to know beyond {@link Located}: how it is attached to the shared
 * network and what would stand in the way of changing it.
 *
 * @param located the service or container as found
 * @param aliases its aliases on the shared network; empty when it is not attached
 * @param labels the service's or container's labels (a stack's or compose project's tell who manages it)
 * @param networkMode a container's network mode ({@code bridge}, {@code host}, {@code container:...}, a network name);
 *                    empty for a service
 * @param autoRemove whether the container was started with {@code --rm} (stopping it removes it)
 * @param leftover whether a container called {@code <name>-faasfed-old} exists, left by an interrupted re-create
 * @param dockerSocket whether it reaches a Docker engine: a mounted {@code docker.sock} or a {@code DOCKER_HOST}
 */
record Target(Located located, List<String> aliases, Map<String, String> labels, String networkMode, boolean autoRemove,
              boolean leftover, boolean dockerSocket) {

    /** The suffix of the name a container is renamed to while its replacement is created. */
    static final String OLD_SUFFIX = "-faasfed-old";

    /** The label docker stack deploy puts on a stack's services. */
    static final String STACK_LABEL = "com.docker.stack.namespace";

    /** The label docker compose puts on a project's containers. */
    static final String COMPOSE_LABEL = "com.docker.compose.project";

    Target {
        requireNonNull(located, "located");
        aliases = List.copyOf(aliases);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        networkMode = networkMode == null ? "" : networkMode;
    }

    /** A found service (no network mode, never removed on stop, no leftover). */
    static Target service(Located located, List<String> aliases, Map<String, String> labels, boolean dockerSocket) {
        return new Target(located, aliases, labels, "", false, false, dockerSocket);
    }

    /** Whether it can join a user-defined network: services always, containers unless they share the host's or another container's stack. */
    boolean canJoin() {
        return located.kind() == Located.Kind.SERVICE || !(networkMode.equals("host") || networkMode.equals("none")
                || networkMode.startsWith("container:"));
    }

    /** The name its replacement's predecessor carries during a re-create. */
    String oldName() {
        return located.name() + OLD_SUFFIX;
    }
}

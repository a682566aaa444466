package io.faasfed.network.platform;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * One running part of a platform (or the faasfed gateway) that the shared network concerns.
 *
 * @param platform the platform it belongs to; empty for the faasfed gateway itself
 * @param role what it is ({@code gateway}, {@code faas-swarm}, {@code controller}, {@code invoker}, {@code fnserver})
 * @param name the service or container name to look for: the exact name, a stack's {@code <stack>_<name>}, or a
 *             compose project's {@code <project>_<name>_<n>} / {@code <project>-<name>-<n>}
 * @param dnsName the name other containers on the network call it by (its alias there)
 * @param port the port its health endpoint listens on inside the network; 0 when it has none worth probing
 * @param healthPath the path of its health endpoint ({@code /healthz}, {@code /ping}, {@code /version})
 * @param env the environment it needs so its function containers join the network ({@code {network}} stands for the
 *            network's name)
 */
public record Component(Optional<Platform> platform, String role, String name, String dnsName, int port, String healthPath,
                        Map<String, String> env) {

    /** Stands for the network's name in {@link #env} values. */
    public static final String NETWORK_PLACEHOLDER = "{network}";

    public Component {
        requireNonNull(platform, "platform");
        requireNonNull(role, "role");
        requireNonNull(name, "name");
        requireNonNull(dnsName, "dnsName");
        requireNonNull(healthPath, "healthPath");
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** {@link #env} with the network's name filled in. */
    public Map<String, String> envFor(String network) {
        Map<String, String> out = new java.util.TreeMap<>();
        env.forEach((k, v) -> out.put(k, v.replace(NETWORK_PLACEHOLDER, network)));
        return out;
    }

    /** Whether its health endpoint is probed by {@code verify}. */
    public boolean probed() {
        return port > 0;
    }

    /** The health URL on the network ({@code http://gateway:8080/healthz}). */
    public String healthUrl() {
        return "http://" + dnsName + ":" + port + healthPath;
    }

    /** This component under another service or container name (a {@code --fn-server my_fn} flag). */
    public Component named(String otherName) {
        return new Component(platform, role, otherName, dnsName, port, healthPath, env);
    }

    /** This component called by another DNS name on the network. */
    public Component reachableAs(String otherDnsName) {
        return new Component(platform, role, name, otherDnsName, port, healthPath, env);
    }
}

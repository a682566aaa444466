package io.faasfed.emulator.container;

import static java.util.Objects.requireNonNull;

/**
 * A running function container.
 *
 * @param key the function's key within its emulator
 * @param id the container's id
 * @param name the container's name
 * @param network the network it is on
 * @param address the host the emulator calls it at (its name, or its address on the network)
 * @param revision the spec's revision it was made from
 */
public record FunctionContainer(String key, String id, String name, String network, String address, String revision) {

    public FunctionContainer {
        requireNonNull(key, "key");
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(network, "network");
        requireNonNull(address, "address");
        requireNonNull(revision, "revision");
    }

    /** {@code http://<address>:8080}. */
    public String baseUrl() {
        return "http://" + (address.contains(":") ? "[" + address + "]" : address) + ':' + FunctionContainers.FUNCTION_PORT;
    }
}

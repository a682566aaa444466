package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network as the engine describes it.
 *
 * @param id its id
 * @param name its name
 * @param driver {@code overlay}, {@code bridge}, ...
 * @param scope {@code swarm} or {@code local}
 * @param attachable whether plain containers may join it (an overlay's flag; bridges always allow it)
 * @param labels its labels
 * @param options its driver options ({@code encrypted} for an encrypted overlay)
 * @param subnets its address blocks with their gateways
 * @param containers the containers attached on this node
 */
public record ExistingNetwork(String id, String name, String driver, String scope, boolean attachable,
                              Map<String, String> labels, Map<String, String> options, List<Block> subnets,
                              List<Attachment> containers) {

    public ExistingNetwork {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        driver = driver == null ? "" : driver;
        scope = scope == null ? "" : scope;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    /** Whether faasfed created it. */
    public boolean managed() {
        return Labels.isManaged(labels);
    }

    /** Whether its overlay traffic is encrypted. */
    public boolean encrypted() {
        return options.containsKey("encrypted");
    }

    /** Whether plain containers may join it: a local bridge always, an overlay only when attachable. */
    public boolean joinable() {
        return "bridge".equals(driver) || attachable;
    }

    /** The first address block, if the engine reports one. */
    public Optional<Block> firstSubnet() {
        return subnets.stream().findFirst();
    }

    /** The short id, as the docker CLI prints it. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * One address block of a network.
     *
     * @param subnet the block, as the engine wrote it
     * @param gateway its gateway, empty when the engine reports none
     */
    public record Block(String subnet, String gateway) {
        public Block {
            requireNonNull(subnet, "subnet");
            gateway = gateway == null ? "" : gateway;
        }
    }

    /**
     * A container attached to the network.
     *
     * @param id the container's id
     * @param name its name
     * @param address its IPv4 address on the network, with prefix
     */
    public record Attachment(String id, String name, String address) {
        public Attachment {
            requireNonNull(id, "id");
            name = name == null ? "" : name;
            address = address == null ? "" : address;
        }
    }
}

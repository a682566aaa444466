package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network faasfed should make sure exists.
 *
 * @param name its name ({@code faasnet} by default); every platform and function uses it
 * @param subnet the address block, when the engine should not pick one
 * @param gateway the gateway address inside {@code subnet}; only with a subnet
 * @param encrypted whether overlay traffic between nodes is encrypted (IPsec); Swarm only
 * @param adopt whether an existing suitable network that faasfed did not create may be used (and is then never removed)
 */
public record NetworkSpec(String name, Optional<Subnet> subnet, Optional<String> gateway, boolean encrypted, boolean adopt) {

    /** The name used when none is given: the one the seed material and OpenFaaS' examples use. */
    public static final String DEFAULT_NAME = "faasnet";

    /** Docker's own rule for network names, with its 64-character cap on what a service can reference. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}");

    public NetworkSpec {
        requireNonNull(name, "name");
        requireNonNull(subnet, "subnet");
        requireNonNull(gateway, "gateway");
        if (!NAME.matcher(name).matches()) {
            throw new SetupException(SetupProblem.INVALID_INPUT, "The network name '" + name + "' is not one Docker accepts.",
                    "Use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit, e.g. --network faasnet.");
        }
        if (gateway.isPresent()) {
            String gw = gateway.get();
            Subnet block = subnet.orElseThrow(() -> new SetupException(SetupProblem.INVALID_INPUT,
                    "A gateway (" + gw + ") was given without a subnet.", "Add --subnet, e.g. --subnet 10.89.0.0/24 --gateway 10.89.0.1."));
            byte[] address = Subnet.address(gw).orElseThrow(() -> new SetupException(SetupProblem.INVALID_INPUT,
                    "The gateway '" + gw + "' is not an IP address.", "Give an address inside the subnet, e.g. --gateway 10.89.0.1."));
            if (!block.contains(address)) {
                throw new SetupException(SetupProblem.INVALID_INPUT, "The gateway " + gw + " is not inside the subnet " + block + ".",
                        "Give an address inside " + block + ", or leave --gateway out and let Docker pick one.");
            }
        }
    }

    /** The default network: {@code faasnet}, addresses picked by the engine, not encrypted. */
    public static NetworkSpec defaults() {
        return named(DEFAULT_NAME);
    }

    /** A network of that name with engine-picked addresses, not encrypted. */
    public static NetworkSpec named(String name) {
        return new NetworkSpec(name, Optional.empty(), Optional.empty(), false, false);
    }
}

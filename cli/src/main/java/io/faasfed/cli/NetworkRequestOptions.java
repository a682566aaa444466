package io.faasfed.cli;

import java.util.Optional;

import io.faasfed.network.ModeChoice;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Subnet;
import picocli.CommandLine.Option;

/** What {@code network plan} and {@code network apply} take beyond the name and mode: the same, so plan shows apply. */
final class NetworkRequestOptions {

    @Option(names = "--init-swarm",
            description = "On an engine in no swarm, make it a single-node Swarm manager first (docker swarm init).")
    boolean initSwarm;

    @Option(names = "--advertise-addr", paramLabel = "IP",
            description = "With --init-swarm: the address the swarm advertises, when the engine has several.")
    String advertiseAddress;

    @Option(names = "--subnet", paramLabel = "CIDR", converter = Converters.SubnetConverter.class,
            description = "The network's address block, e.g. 10.89.0.0/24 (default: Docker picks one). Checked for "
                    + "overlaps with every network on the engine.")
    Subnet subnet;

    @Option(names = "--gateway", paramLabel = "IP",
            description = "The gateway address inside --subnet (default: Docker picks the first).")
    String gateway;

    @Option(names = "--encrypted", description = "Encrypt overlay traffic between nodes (IPsec). Swarm mode only.")
    boolean encrypted;

    @Option(names = "--adopt",
            description = "Use an existing suitable network that faasfed did not create; destroy never removes it.")
    boolean adopt;

    /** The request these options, {@code name} and {@code mode} make; bad combinations are {@code SetupException}s. */
    NetworkRequest request(String name, ModeChoice mode) {
        NetworkSpec spec = new NetworkSpec(name, Optional.ofNullable(subnet), Optional.ofNullable(gateway), encrypted, adopt);
        return new NetworkRequest(spec, mode, initSwarm, Optional.ofNullable(advertiseAddress));
    }
}

package io.faasfed.cli;

import io.faasfed.network.NetworkSpec;
import picocli.CommandLine.Option;

/** {@code --network}: the shared network's name, for every command that works on it. */
final class NetworkNameOption {

    @Option(names = "--network", paramLabel = "NAME", defaultValue = NetworkSpec.DEFAULT_NAME,
            description = "The shared network's name (default: ${DEFAULT-VALUE}).")
    String network;
}

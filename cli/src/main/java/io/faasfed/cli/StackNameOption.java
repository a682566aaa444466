package io.faasfed.cli;

import picocli.CommandLine.Option;

/** {@code --stack NAME}: the stack's name, the prefix of its services and its namespace label. */
final class StackNameOption {

    @Option(names = "--stack", paramLabel = "NAME", defaultValue = "faasfed",
            description = "The stack's name: services are called NAME_SERVICE (default: ${DEFAULT-VALUE}).")
    String stack;
}

package io.faasfed.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every subcommand ({@code --version} is the root's alone). */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}

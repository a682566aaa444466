package io.faasfed.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Combinations of options that parse but mean nothing: usage errors (exit code 2) before anything is sent. */
final class Checks {

    private Checks() {
    }

    /** {@code --advertise-addr} only goes to {@code swarm init}. */
    static void advertiseNeedsInit(CommandSpec spec, NetworkRequestOptions options) {
        if (options.advertiseAddress != null && !options.initSwarm) {
            throw new ParameterException(spec.commandLine(),
                    "--advertise-addr is only used with --init-swarm (it is the address 'docker swarm init' advertises).");
        }
    }
}

package io.faasfed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faasfed network}: the shared network's commands. */
@Command(name = "network", sortOptions = false,
        subcommands = {NetworkPlanCommand.class, NetworkApplyCommand.class, NetworkVerifyCommand.class,
            NetworkDestroyCommand.class},
        header = "Plan, create, verify and remove the shared network.",
        description = {
            "Plan, create, verify and remove the network every platform shares: an attachable overlay network on a "
                    + "Swarm manager, a bridge network on a single engine; labelled openfaas=true and "
                    + "io.faasfed.managed-by=faasfed."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed network plan && faasfed network apply",
            "  faasfed network verify --platform openfaas --platform fn",
            "  faasfed network destroy"
        })
final class NetworkCommand implements Runnable {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: plan, apply, verify or destroy.");
    }
}

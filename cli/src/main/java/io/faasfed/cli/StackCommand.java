package io.faasfed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faasfed stack}: deploy the federation's stack files on a Swarm manager. */
@Command(name = "stack", sortOptions = false,
        subcommands = {StackPlanCommand.class, StackDeployCommand.class, StackStatusCommand.class, StackRmCommand.class},
        header = "Plan, deploy, watch and remove a stack on a Swarm manager.",
        description = {
            "Deploy stack files as 'docker stack deploy' would, without pulling images: services NAME_SERVICE labelled "
                    + "com.docker.stack.namespace=NAME and io.faasfed.managed-by=faasfed; only what changed is updated."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed stack plan -c compose/federation.yml -c compose/openfaas.yml",
            "  faasfed stack deploy -c compose/federation.yml --stack faasfed",
            "  faasfed stack status",
            "  faasfed stack rm"
        })
final class StackCommand implements Runnable {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command: plan, deploy, status or rm.");
    }
}

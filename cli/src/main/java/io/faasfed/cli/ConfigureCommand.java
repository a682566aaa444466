package io.faasfed.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code faasfed configure}: puts a platform on the shared network, or prints how to. */
@Command(name = "configure", sortOptions = false,
        subcommands = {ConfigureOpenFaasCommand.class, ConfigureOpenWhiskCommand.class, ConfigureFnCommand.class},
        header = "Put a platform on the shared network, or print how to.",
        description = {
            "Configure a platform to start its function containers on the shared network: print the settings for "
                    + "people who run the platform themselves (default), show what --apply would change (--plan), or "
                    + "change the running services or containers (--apply)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed configure fn --format env",
            "  faasfed configure openwhisk --format compose --mode single-host",
            "  faasfed configure openfaas --plan",
            "  faasfed configure openfaas --apply --openfaas-gateway func_gateway"
        })
final class ConfigureCommand implements Runnable {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a platform: openfaas, openwhisk or fn.");
    }
}

package io.faasfed.cli;

import io.faasfed.network.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed configure openwhisk}. */
@Command(name = "openwhisk", sortOptions = false,
        header = "OpenWhisk: the invoker starts action containers on the network.",
        description = {
            "Apache OpenWhisk: the invoker with CONFIG_whisk_containerFactory_containerArgs_network set to the network "
                    + "(its action containers start there) and attached with the controller."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed configure openwhisk --format env",
            "  faasfed configure openwhisk --apply --openwhisk-invoker my_invoker"
        })
final class ConfigureOpenWhiskCommand extends AbstractConfigureCommand {

    @Mixin
    HelpOption help;

    @Override
    Platform platform() {
        return Platform.OPENWHISK;
    }
}

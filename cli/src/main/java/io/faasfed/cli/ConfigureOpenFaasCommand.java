package io.faasfed.cli;

import io.faasfed.network.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed configure openfaas}. */
@Command(name = "openfaas", sortOptions = false,
        header = "OpenFaaS on Swarm: gateway and faas-swarm on the network.",
        description = {
            "OpenFaaS on Swarm (faas-swarm): the gateway and faas-swarm attached to the network, and 'network' sent on "
                    + "every deploy (faasfed's OpenFaaS adapter does; give faas-cli --network)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed configure openfaas",
            "  faasfed configure openfaas --format compose",
            "  faasfed configure openfaas --apply --openfaas-gateway my_gateway"
        })
final class ConfigureOpenFaasCommand extends AbstractConfigureCommand {

    @Mixin
    HelpOption help;

    @Override
    Platform platform() {
        return Platform.OPENFAAS;
    }
}

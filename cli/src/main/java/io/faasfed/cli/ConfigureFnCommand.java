package io.faasfed.cli;

import io.faasfed.network.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed configure fn}. */
@Command(name = "fn", sortOptions = false,
        header = "Fn: fnserver with FN_DOCKER_NETWORKS naming the network.",
        description = {
            "The Fn Project: fnserver with FN_DOCKER_NETWORKS naming exactly this one network (upstream Fn; it replaces "
                    + "the old FN_NETWORK patch), attached itself so other platforms reach Fn functions through it."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed configure fn --format env",
            "  faasfed configure fn --apply --fn-server my_fnserver"
        })
final class ConfigureFnCommand extends AbstractConfigureCommand {

    @Mixin
    HelpOption help;

    @Override
    Platform platform() {
        return Platform.FN;
    }
}

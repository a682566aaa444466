package io.faasfed.cli;

import io.faasfed.cli.output.JsonViews;
import io.faasfed.cli.output.TextReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.DestroyResult;
import io.faasfed.network.NetworkSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faasfed network destroy}: removes the network if faasfed made it. */
@Command(name = "destroy", sortOptions = false,
        header = "Remove the network faasfed created.",
        description = {
            "Remove the shared network, only if faasfed created it (label io.faasfed.managed-by=faasfed). Refuses while "
                    + "containers or services are attached, naming them; --force detaches them first and says which."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed network destroy",
            "  faasfed network destroy --network faasnet --force"
        })
final class NetworkDestroyCommand extends AbstractCommand {

    @Mixin
    HelpOption help;

    @Mixin
    NetworkNameOption name;

    @Option(names = "--force",
            description = "Detach attached containers and take attached services off the network first (their tasks "
                    + "restart without it).")
    boolean force;

    @Override
    int run(ProgressRenderer progress) {
        DestroyResult result = withEngine(engine -> new NetworkSetup(engine).destroy(name.network, force, progress));
        print(TextReports.destroy(result), JsonViews.destroy(result));
        return ExitCodes.OK;
    }
}

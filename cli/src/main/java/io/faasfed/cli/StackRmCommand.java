package io.faasfed.cli;

import java.util.List;

import io.faasfed.cli.output.StackReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.stack.StackDeployer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed stack rm}: removes what faasfed deployed for the stack. */
@Command(name = "rm", sortOptions = false,
        header = "Remove the stack's services, secrets, networks and volumes.",
        description = {"Remove what 'stack deploy' made for the stack: only objects labelled io.faasfed.managed-by=faasfed "
                + "and com.docker.stack.namespace=NAME. External networks and secrets stay."},
        footerHeading = "%nExamples:%n",
        footer = {"  faasfed stack rm", "  faasfed stack rm --stack demo"})
final class StackRmCommand extends AbstractCommand {

    @Mixin
    HelpOption help;

    @Mixin
    StackNameOption name;

    @Override
    int run(ProgressRenderer progress) {
        List<String> removed = withEngine(engine -> new StackDeployer(engine).rm(name.stack, progress));
        print(StackReports.removed(name.stack, removed), StackReports.removedDocument(name.stack, removed));
        return ExitCodes.OK;
    }
}

package io.faasfed.cli;

import java.util.List;

import io.faasfed.cli.output.StackReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.stack.ServiceStatus;
import io.faasfed.network.stack.StackDeployer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed stack status}: each service's running and wanted tasks, and why a lagging one lags. */
@Command(name = "status", sortOptions = false,
        header = "Show how the stack's services run.",
        description = {"Show each service of the stack: tasks running and wanted, and the newest task error of one "
                + "that has fewer running than wanted."},
        footerHeading = "%nExamples:%n",
        footer = {"  faasfed stack status", "  faasfed stack status --stack demo --json"})
final class StackStatusCommand extends AbstractCommand {

    @Mixin
    HelpOption help;

    @Mixin
    StackNameOption name;

    @Override
    int run(ProgressRenderer progress) {
        List<ServiceStatus> statuses = withEngine(engine -> new StackDeployer(engine).status(name.stack, progress));
        print(StackReports.status(name.stack, statuses), StackReports.statusDocument(name.stack, statuses));
        return ExitCodes.OK;
    }
}

package io.faasfed.cli;

import io.faasfed.cli.output.JsonViews;
import io.faasfed.cli.output.TextReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.NetworkPlan;
import io.faasfed.network.NetworkSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed network plan}: what apply would do, and why this mode; changes nothing. */
@Command(name = "plan", sortOptions = false,
        header = "Show what apply would do; change nothing.",
        description = {
            "Show what 'network apply' would do, changing nothing: the mode detected and why, the network as it is, and "
                    + "the changes (or 'No changes.')."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed network plan",
            "  faasfed network plan --subnet 10.89.0.0/24 --gateway 10.89.0.1",
            "  faasfed network plan --mode single-host --json"
        })
final class NetworkPlanCommand extends AbstractCommand {

    @Mixin
    HelpOption help;

    @Mixin
    NetworkNameOption name;

    @Mixin
    ModeOption mode;

    @Mixin
    NetworkRequestOptions options;

    @Override
    int run(ProgressRenderer progress) {
        Checks.advertiseNeedsInit(spec, options);
        var request = options.request(name.network, mode.mode);
        NetworkPlan plan = withEngine(engine -> new NetworkSetup(engine).plan(request, progress));
        print(TextReports.plan(plan), JsonViews.plan(plan));
        return ExitCodes.OK;
    }
}

package io.faasfed.cli;

import io.faasfed.cli.output.StackReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.stack.StackDefinition;
import io.faasfed.network.stack.StackDeployer;
import io.faasfed.network.stack.StackPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed stack plan}: what deploy would create and update; changes nothing. */
@Command(name = "plan", sortOptions = false,
        header = "Show what deploy would do; change nothing.",
        description = {
            "Show what 'stack deploy' would do with the same files, changing nothing: each network, secret and service, "
                    + "and whether it is created, updated or left as it is."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed stack plan -c compose/federation.yml",
            "  faasfed stack plan -c compose/federation.yml -c compose/local.yml --env-file .env --json"
        })
final class StackPlanCommand extends AbstractCommand {

    @Mixin
    HelpOption help;

    @Mixin
    StackOptions files;

    @Mixin
    StackNameOption name;

    @Override
    int run(ProgressRenderer progress) {
        StackDefinition definition = files.definition(context().env());
        StackPlan plan = withEngine(engine -> new StackDeployer(engine).plan(definition, name.stack, progress));
        print(StackReports.plan(plan, false), StackReports.planDocument("stack plan", plan));
        return ExitCodes.OK;
    }
}

package io.faasfed.cli;

import io.faasfed.cli.output.StackReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.stack.StackDefinition;
import io.faasfed.network.stack.StackDeployer;
import io.faasfed.network.stack.StackPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faasfed stack deploy}: creates or updates the stack's networks, secrets and services. */
@Command(name = "deploy", sortOptions = false,
        header = "Create or update the stack's services.",
        description = {
            "Create the stack's own networks and file-based secrets, and create or update its services (no image is "
                    + "pulled). External networks and secrets must exist: 'faasfed network apply' makes the shared "
                    + "network. A service whose spec did not change is left alone."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed stack deploy -c compose/federation.yml -c compose/openfaas.yml",
            "  faasfed stack deploy -c compose/federation.yml --stack faasfed --json"
        })
final class StackDeployCommand extends AbstractCommand {

    @Mixin
    HelpOption help;

    @Mixin
    StackOptions files;

    @Mixin
    StackNameOption name;

    @Override
    int run(ProgressRenderer progress) {
        StackDefinition definition = files.definition(context().env());
        StackPlan done = withEngine(engine -> new StackDeployer(engine).deploy(definition, name.stack, progress));
        print(StackReports.plan(done, true), StackReports.planDocument("stack deploy", done));
        return ExitCodes.OK;
    }
}

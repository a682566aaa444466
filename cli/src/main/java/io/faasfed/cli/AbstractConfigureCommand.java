package io.faasfed.cli;

import io.faasfed.cli.output.JsonViews;
import io.faasfed.cli.output.TextReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.platform.ConfigFormat;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformConfigurator;
import io.faasfed.network.platform.PlatformLayout;
import io.faasfed.network.platform.PlatformPlan;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code faasfed configure <platform>}, the same for each platform: prints the configuration (no engine needed),
 * shows what {@code --apply} would change ({@code --plan}), or changes the running services or containers.
 */
abstract class AbstractConfigureCommand extends AbstractCommand {

    @Mixin
    NetworkNameOption name;

    @Mixin
    ModeOption mode;

    @Mixin
    ComponentNames components;

    @ArgGroup(exclusive = true)
    Action action = new Action();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            converter = Converters.ConfigFormatConverter.class, completionCandidates = Converters.ConfigFormatCandidates.class,
            description = "When printing: text (explained), env (KEY=VALUE lines) or compose (a compose/stack file "
                    + "fragment) (default: ${DEFAULT-VALUE}).")
    ConfigFormat format;

    /** {@code --plan} or {@code --apply}; neither prints the configuration. */
    static final class Action {

        @Option(names = "--plan", description = "Show what --apply would change on the running platform; change nothing.")
        boolean plan;

        @Option(names = "--apply",
                description = "Change the running platform: attach its components to the network and set its settings.")
        boolean apply;
    }

    /** The platform this command configures. */
    abstract Platform platform();

    @Override
    int run(ProgressRenderer progress) {
        PlatformLayout layout = components.layout();
        Platform platform = platform();
        if (!action.plan && !action.apply) {
            // Printing needs no engine: auto means the reference topology, Swarm.
            Mode printed = mode.mode == ModeChoice.SINGLE_HOST ? Mode.SINGLE_HOST : Mode.SWARM;
            String config = PlatformConfigurator.render(platform, layout, name.network, printed, format);
            print(config.endsWith("\n") ? config : config + "\n",
                    JsonViews.render(platform.id(), printed.label(), name.network, format, config));
            return ExitCodes.OK;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--format")) {
            throw new ParameterException(spec.commandLine(), "--format is for printing the configuration; --plan and "
                    + "--apply show changes (use --json for a machine-readable answer).");
        }
        boolean apply = action.apply;
        PlatformPlan plan = withEngine(engine -> {
            PlatformConfigurator configurator = new PlatformConfigurator(engine);
            return apply ? configurator.apply(platform, layout, name.network, mode.mode, progress)
                    : configurator.plan(platform, layout, name.network, mode.mode, progress);
        });
        print(TextReports.configure(plan, apply), JsonViews.configure(plan, apply));
        return ExitCodes.OK;
    }
}

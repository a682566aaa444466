package io.faasfed.cli;

import java.util.Optional;

import io.faasfed.cli.output.JsonViews;
import io.faasfed.cli.output.TextReports;
import io.faasfed.cli.progress.ProgressRenderer;
import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.NetworkPlan;
import io.faasfed.network.NetworkSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import reactor.util.function.Tuple2;

/** {@code faasfed network apply}: makes the network as asked; a second run changes nothing. */
@Command(name = "apply", sortOptions = false,
        header = "Create the network as asked; idempotent.",
        description = {
            "Create the shared network as asked (and, with --init-swarm, the swarm), then read it back. Idempotent: run "
                    + "again, it reports 'No changes.'. Refuses a network of that name that is not the right kind or "
                    + "not faasfed's, and a subnet that overlaps another network's."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  faasfed network apply",
            "  faasfed network apply --init-swarm --advertise-addr 10.0.0.5",
            "  faasfed network apply --mode single-host --subnet 10.89.0.0/24",
            "  faasfed network apply --adopt     use an existing faasnet made by hand"
        })
final class NetworkApplyCommand extends AbstractCommand {

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
        Tuple2<NetworkPlan, Optional<ExistingNetwork>> result = withEngine(engine -> new NetworkSetup(engine)
                .apply(request, progress)
                .zipWhen(done -> progress.track("Reading network " + name.network + " back",
                        engine.inspect(name.network).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        found -> found.map(n -> n.driver() + ", " + n.scope() + " scope"
                                + n.firstSubnet().map(b -> ", subnet " + b.subnet()).orElse("")).orElse("not found"))));
        print(TextReports.apply(result.getT1(), result.getT2()), JsonViews.apply(result.getT1(), result.getT2()));
        return ExitCodes.OK;
    }
}

package io.faasfed.cli;

import io.faasfed.network.ModeChoice;
import picocli.CommandLine.Option;

/** {@code --mode}: Swarm, single host, or whichever the engine suggests. */
final class ModeOption {

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto", converter = Converters.ModeChoiceConverter.class,
            completionCandidates = Converters.ModeCandidates.class,
            description = {"auto, swarm or single-host (default: ${DEFAULT-VALUE}). auto: an attachable overlay on a Swarm "
                    + "manager, a bridge network on an engine in no swarm."})
    ModeChoice mode;
}

package io.faasfed.network;

import static java.util.Objects.requireNonNull;

/**
 * The mode a command works in and why it was chosen, which {@code plan} prints.
 *
 * @param mode the mode
 * @param reason one sentence: what about the engine or the flags decided it
 * @param initSwarm whether {@code apply} first runs {@code swarm init} on this engine
 */
public record ModeDetection(Mode mode, String reason, boolean initSwarm) {

    public ModeDetection {
        requireNonNull(mode, "mode");
        requireNonNull(reason, "reason");
    }
}

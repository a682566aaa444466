package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What {@code apply} would do, worked out without changing anything.
 *
 * @param engine the engine it was planned against
 * @param detection the mode and why
 * @param spec the network asked for
 * @param existing the network of that name as it is now, if there is one
 * @param changes what {@code apply} does, in order; empty when everything is as asked
 * @param notes things worth knowing that change nothing (another network labelled {@code openfaas=true}, ...)
 */
public record NetworkPlan(EngineState engine, ModeDetection detection, NetworkSpec spec, Optional<ExistingNetwork> existing,
                          List<Change> changes, List<String> notes) {

    public NetworkPlan {
        requireNonNull(engine, "engine");
        requireNonNull(detection, "detection");
        requireNonNull(spec, "spec");
        requireNonNull(existing, "existing");
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    /** Whether {@code apply} has nothing to do. */
    public boolean upToDate() {
        return changes.isEmpty();
    }
}

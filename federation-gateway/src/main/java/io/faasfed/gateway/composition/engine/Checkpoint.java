package io.faasfed.gateway.composition.engine;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Where a run can continue: after a completed <em>top-level</em> state. Resume granularity is top-level states only:
 * a parallel, map or sequence that was interrupted runs again as a whole (its completed branches, items or steps
 * included), so a function in it may be called twice; a completed top-level state never runs again.
 *
 * @param nextState the top-level state to run next
 * @param data      that state's input
 * @param stepsDone the steps the run had executed so far (they count against the step cap)
 */
public record Checkpoint(String nextState, JsonNode data, int stepsDone) {

    /** Requires the state and data; steps are not negative. */
    public Checkpoint {
        Objects.requireNonNull(nextState, "nextState");
        Objects.requireNonNull(data, "data");
        if (stepsDone < 0) {
            throw new IllegalArgumentException("stepsDone: " + stepsDone + " (expected: >= 0)");
        }
    }
}

package io.faasfed.gateway.composition;

import java.util.List;

/**
 * Ends its scope, and the run unless a catcher outside takes it, with an error.
 *
 * @param error a short error code (at most 256 characters)
 * @param cause a human-readable explanation (at most 4096 characters); null for none
 */
public record FailState(String error, String cause) implements State {

    @Override
    public StateType type() {
        return StateType.FAIL;
    }

    @Override
    public List<String> transitions() {
        return List.of();
    }
}

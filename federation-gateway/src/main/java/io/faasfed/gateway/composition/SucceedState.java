package io.faasfed.gateway.composition;

import java.util.List;

/** Ends its scope successfully; its input is the scope's output. */
public record SucceedState() implements State {

    @Override
    public StateType type() {
        return StateType.SUCCEED;
    }

    @Override
    public List<String> transitions() {
        return List.of();
    }
}

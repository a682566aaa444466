package io.faasfed.gateway.composition;

import java.util.List;

/**
 * One state of a composition's scope (the top level, a parallel branch or a map iterator). Java 17 has no pattern
 * switch: switch on {@link #type()} and cast, or test with {@code instanceof}.
 */
public sealed interface State permits ActionState, ChoiceState, SucceedState, FailState {

    /** The kind of state. */
    StateType type();

    /** The names of the states this one can go to (next, a catcher's next, a choice's next, default), in order. */
    List<String> transitions();
}

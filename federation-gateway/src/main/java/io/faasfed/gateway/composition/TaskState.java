package io.faasfed.gateway.composition;

import java.time.Duration;
import java.util.List;

/**
 * Calls one function, on whichever platform hosts it: the state's selected input is the request body, the function's
 * JSON answer is the result.
 *
 * @param function   the function called: a name, optionally {@code name.namespace}
 * @param input      see {@link ActionState#input()}
 * @param resultPath see {@link ActionState#resultPath()}
 * @param output     see {@link ActionState#output()}
 * @param timeout    see {@link ActionState#timeout()}
 * @param retry      see {@link ActionState#retry()}
 * @param catchers   see {@link ActionState#catchers()} (written {@code catch})
 * @param next       see {@link ActionState#next()}
 */
public record TaskState(String function, Selector input, ResultPath resultPath, Selector output, Duration timeout,
                        List<Retrier> retry, List<Catcher> catchers, String next) implements ActionState {

    /** Fills in the defaults ({@code $}, no retry, no catch) and copies the lists. */
    public TaskState {
        input = ActionState.orDefault(input, Selector.ROOT);
        resultPath = ActionState.orDefault(resultPath, ResultPath.ROOT);
        output = ActionState.orDefault(output, Selector.ROOT);
        retry = ActionState.copy(retry);
        catchers = ActionState.copy(catchers);
    }

    @Override
    public StateType type() {
        return StateType.TASK;
    }
}

package io.faasfed.gateway.composition;

import java.time.Duration;
import java.util.List;

/**
 * Runs its branches at once, each on the state's selected input; the result is a JSON array with one element per
 * branch, in the order the branches are written. A branch that fails fails the state (after the state's retry).
 *
 * @param branches   the branches; at least one
 * @param input      see {@link ActionState#input()}
 * @param resultPath see {@link ActionState#resultPath()}
 * @param output     see {@link ActionState#output()}
 * @param timeout    see {@link ActionState#timeout()}
 * @param retry      see {@link ActionState#retry()}: reruns every branch
 * @param catchers   see {@link ActionState#catchers()} (written {@code catch})
 * @param next       see {@link ActionState#next()}
 */
public record ParallelState(List<Branch> branches, Selector input, ResultPath resultPath, Selector output,
                            Duration timeout, List<Retrier> retry, List<Catcher> catchers, String next)
        implements ActionState {

    /** Fills in the defaults and copies the lists. */
    public ParallelState {
        branches = ActionState.copy(branches);
        input = ActionState.orDefault(input, Selector.ROOT);
        resultPath = ActionState.orDefault(resultPath, ResultPath.ROOT);
        output = ActionState.orDefault(output, Selector.ROOT);
        retry = ActionState.copy(retry);
        catchers = ActionState.copy(catchers);
    }

    @Override
    public StateType type() {
        return StateType.PARALLEL;
    }
}

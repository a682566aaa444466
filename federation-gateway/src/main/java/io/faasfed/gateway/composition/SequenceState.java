package io.faasfed.gateway.composition;

import java.time.Duration;
import java.util.List;

/**
 * A shorthand for function steps run in order, each step's output the next one's input; the last step's output is
 * the state's result. The timeout and catchers apply to the sequence as a whole; each step has its own timeout and
 * retry policy.
 *
 * @param steps      the steps in order; at least one
 * @param input      see {@link ActionState#input()}
 * @param resultPath see {@link ActionState#resultPath()}
 * @param output     see {@link ActionState#output()}
 * @param timeout    see {@link ActionState#timeout()}: the whole sequence
 * @param catchers   see {@link ActionState#catchers()} (written {@code catch})
 * @param next       see {@link ActionState#next()}
 */
public record SequenceState(List<Step> steps, Selector input, ResultPath resultPath, Selector output,
                            Duration timeout, List<Catcher> catchers, String next) implements ActionState {

    /** Fills in the defaults and copies the lists. */
    public SequenceState {
        steps = ActionState.copy(steps);
        input = ActionState.orDefault(input, Selector.ROOT);
        resultPath = ActionState.orDefault(resultPath, ResultPath.ROOT);
        output = ActionState.orDefault(output, Selector.ROOT);
        catchers = ActionState.copy(catchers);
    }

    /** A sequence retries step by step ({@link Step#retry()}), never as a whole: always empty. */
    @Override
    public List<Retrier> retry() {
        return List.of();
    }

    @Override
    public StateType type() {
        return StateType.SEQUENCE;
    }

    /**
     * One function call of a sequence.
     *
     * @param function the function called: a name, optionally {@code name.namespace}
     * @param input    applied to the previous step's output (the sequence's input for the first step); {@code $} by
     *                 default
     * @param output   applied to the function's answer to make this step's output; {@code $} by default
     * @param timeout  the longest this step may run, retries included; null for no limit of its own
     * @param retry    this step's retry policy; empty for none
     */
    public record Step(String function, Selector input, Selector output, Duration timeout, List<Retrier> retry) {

        /** Fills in the defaults and copies the list. */
        public Step {
            input = ActionState.orDefault(input, Selector.ROOT);
            output = ActionState.orDefault(output, Selector.ROOT);
            retry = ActionState.copy(retry);
        }
    }
}

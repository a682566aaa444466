package io.faasfed.gateway.composition;

import java.time.Duration;
import java.util.List;

/**
 * Runs its iterator once per element of an array, at most {@code maxConcurrency} at a time; the result is a JSON
 * array of the iterator's outputs, in the elements' order.
 *
 * @param items          applied to the state's selected input; must yield an array at run time
 * @param maxConcurrency how many elements run at once: 1 to 1000, {@value #DEFAULT_MAX_CONCURRENCY} by default
 * @param iterator       the scope run for each element, with the element as its input
 * @param input          see {@link ActionState#input()}
 * @param resultPath     see {@link ActionState#resultPath()}
 * @param output         see {@link ActionState#output()}
 * @param timeout        see {@link ActionState#timeout()}
 * @param retry          see {@link ActionState#retry()}: reruns every element
 * @param catchers       see {@link ActionState#catchers()} (written {@code catch})
 * @param next           see {@link ActionState#next()}
 */
public record MapState(Selector items, int maxConcurrency, Branch iterator, Selector input, ResultPath resultPath,
                       Selector output, Duration timeout, List<Retrier> retry, List<Catcher> catchers, String next)
        implements ActionState {

    /** The concurrency when the definition gives none. */
    public static final int DEFAULT_MAX_CONCURRENCY = 10;
    /** The highest concurrency a definition may ask for. */
    public static final int MAX_CONCURRENCY = 1000;

    /** Fills in the defaults and copies the lists. */
    public MapState {
        items = ActionState.orDefault(items, Selector.ROOT);
        input = ActionState.orDefault(input, Selector.ROOT);
        resultPath = ActionState.orDefault(resultPath, ResultPath.ROOT);
        output = ActionState.orDefault(output, Selector.ROOT);
        retry = ActionState.copy(retry);
        catchers = ActionState.copy(catchers);
    }

    @Override
    public StateType type() {
        return StateType.MAP;
    }
}

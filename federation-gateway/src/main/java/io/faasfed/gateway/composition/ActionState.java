package io.faasfed.gateway.composition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A state that does work and then goes on: {@link TaskState}, {@link SequenceState}, {@link ParallelState} or
 * {@link MapState}. Its data flow is the same for all four: {@link #input()} picks the work's input from the state's
 * data, {@link #resultPath()} puts the work's result into the data, {@link #output()} picks what goes on to the next
 * state. A failure is retried by the first {@link #retry()} entry that matches it, then handed to the first
 * matching {@link #catchers()} entry, else it fails the scope.
 */
public sealed interface ActionState extends State permits TaskState, SequenceState, ParallelState, MapState {

    /** Applied to the state's data to make the work's input; {@code $} by default. */
    Selector input();

    /** Where the work's result goes in the state's data; {@code $} by default. */
    ResultPath resultPath();

    /** Applied to the data after {@link #resultPath()} to make the state's output; {@code $} by default. */
    Selector output();

    /** The longest the state may run, retries included; null for no limit of its own. */
    Duration timeout();

    /** The retry policy, in order: the first entry that matches a failure applies; empty for none. */
    List<Retrier> retry();

    /** The fallbacks, in order: the first entry that matches a failure applies; empty for none. */
    List<Catcher> catchers();

    /** The state that comes next; null when this state ends its scope ({@code end: true}). */
    String next();

    /** Whether this state ends its scope. */
    default boolean end() {
        return next() == null;
    }

    @Override
    default List<String> transitions() {
        List<String> out = new ArrayList<>();
        if (next() != null) {
            out.add(next());
        }
        catchers().forEach(c -> out.add(c.next()));
        return List.copyOf(out);
    }

    /** {@code value}, or {@code fallback} when null. */
    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** An immutable copy of {@code list}, empty when null. */
    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}

package io.faasfed.gateway.composition;

import java.util.List;

/**
 * A fallback: a failure of one of {@code errors} (after retries) goes to {@code next}, with the error object
 * ({@code {"error": category, "cause": message}}) put into the state's input at {@code resultPath}.
 *
 * @param errors     the categories it takes; at least one
 * @param next       the state to go to (it may call a function on another platform)
 * @param resultPath where the error object goes; {@code $} (the default) replaces the data with it
 */
public record Catcher(List<ErrorCategory> errors, String next, ResultPath resultPath) {

    /** Copies the list and fills in the default result path. */
    public Catcher {
        errors = ActionState.copy(errors);
        resultPath = resultPath == null ? ResultPath.ROOT : resultPath;
    }

    /** Whether this entry takes a failure of category {@code actual}. */
    public boolean matches(ErrorCategory actual) {
        return errors.stream().anyMatch(e -> e.matches(actual));
    }
}

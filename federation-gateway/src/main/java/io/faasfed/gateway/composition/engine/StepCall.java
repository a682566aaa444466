package io.faasfed.gateway.composition.engine;

import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One function call of a run, as handed to the {@link StepInvoker}.
 *
 * @param function  the function called, as written in the definition: {@code name} or {@code name.namespace}
 * @param input     the request body: the state's (or sequence step's) selected input
 * @param timeout   the longest the call may take: the state's or step's own timeout, else the run's, else null for
 *                  none (the invoker's default applies); the engine enforces it as well
 * @param runId     the run the call belongs to
 * @param statePath where the call is in the definition, e.g. {@code enrich.branches[1].a} or {@code seq.steps[0]}
 * @param attempt   the attempt's number, from 1
 */
public record StepCall(String function, JsonNode input, Duration timeout, String runId, String statePath,
                       int attempt) {

    /** Requires the function, input, run id and path. */
    public StepCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(statePath, "statePath");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt: " + attempt + " (expected: >= 1)");
        }
    }
}

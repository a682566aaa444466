package io.faasfed.gateway.composition.engine;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * How a run ended.
 *
 * @param output the run's output; null when it failed
 * @param trace  every finished step, in the order they finished
 * @param status {@value #SUCCEEDED} or {@value #FAILED}
 * @param error  when failed: {@code <path>: <error>: <cause>}, e.g.
 *               {@code validate: function-failed: function 'validate-order' failed with status 500}; null otherwise
 */
public record RunResult(JsonNode output, List<StepTrace> trace, String status, String error) {

    /** The run finished with an output. */
    public static final String SUCCEEDED = "succeeded";
    /** The run failed; {@link #error()} says where and why. */
    public static final String FAILED = "failed";

    /** Copies the trace. */
    public RunResult {
        trace = List.copyOf(trace);
    }

    /** Whether the run succeeded. */
    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }
}

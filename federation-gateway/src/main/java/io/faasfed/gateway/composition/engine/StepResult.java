package io.faasfed.gateway.composition.engine;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A function's successful answer to a {@link StepCall}.
 *
 * @param output      the function's JSON answer; null counts as a JSON null
 * @param platform    the platform that ran the function (for the trace); null when unknown
 * @param status      the HTTP status it answered with
 * @param inputBytes  the request body's size
 * @param outputBytes the answer's size
 */
public record StepResult(JsonNode output, String platform, int status, long inputBytes, long outputBytes) {

    /** Turns a missing output into a JSON null. */
    public StepResult {
        output = output == null ? NullNode.getInstance() : output;
    }
}

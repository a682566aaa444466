package io.faasfed.testkit.contract;

import java.util.Map;

/**
 * What a stubbed function answers: the contract test asks each adapter's stubs to make the platform return this
 * status, these headers and this body in the platform's own way.
 *
 * @param status  the function's HTTP status
 * @param headers the function's response headers
 * @param body    the function's response body
 */
public record StubResponse(int status, Map<String, String> headers, String body) {

    /** Copies the headers. */
    public StubResponse {
        headers = Map.copyOf(headers);
    }
}

package io.faasfed.emulator;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the emulators see it: fully read (the body is capped by the server), with the path variables
 * the {@link Router} matched, already URL-decoded.
 *
 * @param method the method, upper case
 * @param path the raw path, without the query
 * @param rawQuery the raw query string without {@code ?}, empty when there is none
 * @param query the decoded query parameters
 * @param headers the request headers
 * @param body the request body, empty when there is none
 * @param params the path variables of the matched route
 */
public record EmulatorRequest(String method, String path, String rawQuery, Map<String, List<String>> query,
        HttpHeaders headers, byte[] body, Map<String, String> params) {

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A path variable, or {@code null}. */
    public String param(String name) {
        return params.get(name);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the body is empty or only white space. */
    public boolean bodyBlank() {
        return bodyText().isBlank();
    }

    /** The same request with the path variables of a matched route. */
    public EmulatorRequest withParams(Map<String, String> matched) {
        return new EmulatorRequest(method, path, rawQuery, query, headers, body, Map.copyOf(matched));
    }
}

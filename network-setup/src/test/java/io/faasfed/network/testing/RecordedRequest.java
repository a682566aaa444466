package io.faasfed.network.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One HTTP request as {@link RecordingDockerStub} received it, before any routing.
 *
 * @param method the HTTP method, upper case
 * @param rawPath the path as sent, still percent-encoded, with its version prefix ({@code /v1.41/networks/create})
 * @param rawQuery the query string as sent, without {@code ?}; empty when there was none
 * @param query the query parameters, decoded, in the order sent
 * @param headers the headers, names lower-cased
 * @param body the body's bytes; empty when there was none
 */
public record RecordedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> query,
                              Map<String, List<String>> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+\\.\\d+)(/.*)$");

    public RecordedRequest {
        requireNonNull(method, "method");
        requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        query = Map.copyOf(requireNonNull(query, "query"));
        headers = Map.copyOf(requireNonNull(headers, "headers"));
        body = body == null ? new byte[0] : body.clone();
    }

    /** The Engine API version in the path ({@code 1.41}); empty for an unversioned path. */
    public Optional<String> apiVersion() {
        Matcher m = VERSIONED.matcher(rawPath);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The path without its version prefix ({@code /networks/create}), still percent-encoded. */
    public String path() {
        Matcher m = VERSIONED.matcher(rawPath);
        return m.matches() ? m.group(2) : rawPath;
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of header {@code name} (any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Whether a body was sent. */
    public boolean hasBody() {
        return body.length > 0;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body parsed as JSON; fails the test when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("The body of " + this + " is not JSON: " + bodyText(), e);
        }
    }

    /** The body's bytes (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** {@code POST /v1.41/networks/create?x=y}. */
    @Override
    public String toString() {
        return method + " " + rawPath + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
}

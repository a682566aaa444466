package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An HTTP response an emulator answers with.
 *
 * @param status the status code
 * @param headers the headers, in order; a name may repeat
 * @param body the body, empty for none
 */
public record EmulatorResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    /** {@code text/plain; charset=utf-8}, what Go servers send with plain-text errors. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    /** {@code application/json}. */
    public static final String JSON = "application/json";

    public EmulatorResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-599)");
        }
        headers = List.copyOf(requireNonNull(headers, "headers"));
        body = body == null ? new byte[0] : body;
    }

    /** A response with no body. */
    public static EmulatorResponse empty(int status) {
        return new EmulatorResponse(status, List.of(), new byte[0]);
    }

    /** A plain-text response. */
    public static EmulatorResponse text(int status, String text) {
        return bytes(status, TEXT_PLAIN, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON response of a tree. */
    public static EmulatorResponse json(int status, JsonNode json) {
        return json(status, JSON, json);
    }

    /** A JSON response of a tree with a given content type. */
    public static EmulatorResponse json(int status, String contentType, JsonNode json) {
        return bytes(status, contentType, Json.write(json));
    }

    /** A response of raw bytes; {@code contentType} may be {@code null} to send none. */
    public static EmulatorResponse bytes(int status, String contentType, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        return new EmulatorResponse(status, headers, body);
    }

    /** A copy with one more header. */
    public EmulatorResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new EmulatorResponse(status, more, body);
    }

    /** The first value of a header (case-insensitive), or {@code null}. */
    public String header(String name) {
        return headers.stream().filter(header -> header.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

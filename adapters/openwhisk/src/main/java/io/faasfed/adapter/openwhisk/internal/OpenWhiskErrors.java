package io.faasfed.adapter.openwhisk.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the controller's error answers: <code>{"error":"...","code":"&lt;transaction id&gt;"}</code>.
 */
public final class OpenWhiskErrors {

    private final JsonMapper json;

    /** Reads errors with {@code json}. */
    public OpenWhiskErrors(JsonMapper json) {
        this.json = json;
    }

    /** The {@code error} text of a controller error body, or the body itself when it is not one. */
    public String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode node = parse(body);
        if (node != null && node.isObject() && node.path("error").isString()) {
            String code = node.path("code").isString() ? node.path("code").asString() : null;
            return node.path("error").asString() + (code == null || code.isBlank() ? "" : " (transaction " + code
                    + ")");
        }
        return body.strip();
    }

    /** The {@code activationId} of a 202 answer, or null when the body has none. */
    public String activationId(String body) {
        JsonNode node = parse(body);
        if (node != null && node.path("activationId").isString()) {
            String id = node.path("activationId").asString();
            return id.isBlank() ? null : id;
        }
        return null;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}

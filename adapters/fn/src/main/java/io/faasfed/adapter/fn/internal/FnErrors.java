package io.faasfed.adapter.fn.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads Fn's error bodies, {@code {"message":"..."}}, keeping any other body as it is. */
public final class FnErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FnErrors() {
    }

    /**
     * Whether {@code body} is (the start of) one of Fn's own error objects: a JSON object whose only member is a
     * {@code message} string, as the server writes them; a function's own JSON answer is not taken for one.
     */
    public static boolean isServerError(String body) {
        if (body == null) {
            return false;
        }
        String text = body.strip();
        if (!text.startsWith("{\"message\":")) {
            return false;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node.isObject() && node.size() == 1 && node.path("message").isString();
        } catch (JacksonException notJson) {
            return false;
        }
    }

    /** The {@code message} of an Fn error body, or the body itself (stripped) when it is not one. */
    public static String message(String body) {
        if (body == null) {
            return "";
        }
        String text = body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode message = JSON.readTree(text).get("message");
                if (message != null && message.isString() && !message.asString().isBlank()) {
                    return message.asString().strip();
                }
            } catch (JacksonException notJson) {
                return text;
            }
        }
        return text;
    }
}

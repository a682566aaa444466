package io.faasfed.adapter.fn.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads Fn's error bodies, {@code {"message":"..."}}, keeping any other body as it is. */
public final class FnErrors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FnErrors() {
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

package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parameters and annotations as the controller reads and writes them: a JSON array of {@code {"key","value"}}
 * objects ({@code KeyValue} in {@code specs/openwhisk/apiv1swagger.json}), with an optional boolean {@code init} on
 * parameters. Anything else — an object, a string, an entry without a string {@code key} or without {@code value} —
 * is what the controller's {@code Parameters} reader refuses with {@code parameters malformed!}.
 */
final class KeyValues {

    /** The reader's message, after akka-http's "The request content was malformed:" prefix. */
    static final String MALFORMED = WhiskResponses.MALFORMED + "parameters malformed!";

    private KeyValues() {
    }

    /**
     * The array as the controller stores and answers it (later keys win; {@code init} kept only when true); empty
     * when it is not a well-formed KeyValue array.
     */
    static Optional<ArrayNode> read(JsonNode array) {
        if (array == null || !array.isArray()) {
            return Optional.empty();
        }
        Map<String, ObjectNode> entries = new LinkedHashMap<>();
        for (JsonNode entry : array) {
            if (!entry.isObject() || !entry.path("key").isString() || entry.path("key").asString().isBlank()
                    || !entry.has("value") || entry.has("init") && !entry.get("init").isBoolean()) {
                return Optional.empty();
            }
            ObjectNode normalized = Json.object().put("key", entry.get("key").asString());
            normalized.set("value", entry.get("value").deepCopy());
            if (entry.path("init").asBoolean(false)) {
                normalized.put("init", true);
            }
            entries.remove(normalized.get("key").asString());
            entries.put(normalized.get("key").asString(), normalized);
        }
        ArrayNode normalized = Json.array();
        entries.values().forEach(normalized::add);
        return Optional.of(normalized);
    }

    /** Whether {@code body}'s {@code parameters} and {@code annotations}, where present, are KeyValue arrays. */
    static boolean wellFormed(JsonNode body) {
        return (!body.has("parameters") || read(body.get("parameters")).isPresent())
                && (!body.has("annotations") || read(body.get("annotations")).isPresent());
    }
}

package io.faasfed.emulator;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the emulators and small tree helpers. */
public final class Json {

    /** The shared mapper. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    /** A new empty object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A new empty array. */
    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses bytes; throws {@link BadJson} with the parser's message when they are not JSON. */
    public static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new BadJson(e.getOriginalMessage());
        }
    }

    /** Parses bytes that must hold a JSON object; a blank body is an empty object. */
    public static ObjectNode parseObject(byte[] bytes) {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return object();
        }
        JsonNode node = parse(bytes);
        if (!(node instanceof ObjectNode object)) {
            throw new BadJson("expected a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        return object;
    }

    /** Serialises a tree. */
    public static byte[] write(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** Serialises a tree to a string. */
    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** A string field, or {@code fallback} when it is missing, null or not a string. */
    public static String string(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.stringValue() : fallback;
    }

    /** A body that is not the JSON the request needs. */
    public static final class BadJson extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BadJson(String message) {
            super(message);
        }
    }
}

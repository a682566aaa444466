package io.faasfed.network;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Edits an object as the engine wrote it through docker-java's model of it, without losing what the model does not
 * know. docker-java 3.7.1's {@code ServiceSpec} has no property for {@code Isolation}, {@code Sysctls},
 * {@code CapabilityAdd}/{@code CapabilityDrop}, {@code Ulimits}, {@code Resources.Limits.Pids},
 * {@code Placement.Preferences} or a network's {@code DriverOpts} (and reads the health check only as the engine spells
 * it, {@code Healthcheck}, not as the v1.41 document does, {@code HealthCheck}); reading a service into it and sending
 * it back silently strips them from the service. So the edit is made on the model, the difference between the model
 * before and after it is worked out, and only that difference is applied to the engine's own JSON.
 */
final class RawEdit {

    /**
     * Maps docker-java's models by their annotations alone. docker-java's own mapper also copies the whole JSON of a
     * top-level object into its {@code rawValues}, which it writes back over the edited properties.
     */
    private static final ObjectMapper MODELS = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private RawEdit() {
    }

    /**
     * {@code raw} with {@code change} applied: everything {@code change} did not touch stays exactly as in
     * {@code raw}, including fields docker-java's {@code type} does not have.
     */
    static <T> JsonNode apply(JsonNode raw, Class<T> type, UnaryOperator<T> change) {
        requireNonNull(raw, "raw");
        requireNonNull(change, "change");
        try {
            JsonNode before = withoutNulls(MODELS.valueToTree(MODELS.treeToValue(raw, type)));
            JsonNode after = withoutNulls(MODELS.valueToTree(change.apply(MODELS.treeToValue(raw, type))));
            return patch(raw, before, after);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("docker-java cannot read the engine's " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code raw} changed as {@code before} was changed into {@code after}. */
    static JsonNode patch(JsonNode raw, JsonNode before, JsonNode after) {
        if (before.equals(after)) {
            return raw.deepCopy();
        }
        if (raw.isObject() && before.isObject() && after.isObject()) {
            ObjectNode out = ((ObjectNode) raw).deepCopy();
            Set<String> keys = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                JsonNode was = before.path(key);
                JsonNode now = after.path(key);
                if (was.equals(now)) {
                    continue;
                }
                String rawKey = spelling(raw, key);
                if (!raw.has(rawKey) && was.isValueNode()) {
                    // A plain value the model had before the change that the engine never wrote: one docker-java
                    // derives (ServiceModeConfig's "mode"), which the engine does not know either.
                    continue;
                }
                if (now.isMissingNode()) {
                    out.remove(rawKey);
                } else {
                    JsonNode rawValue = raw.path(rawKey);
                    out.set(rawKey, rawValue.isMissingNode() || was.isMissingNode() ? now.deepCopy() : patch(rawValue, was, now));
                }
            }
            return out;
        }
        if (raw.isArray() && before.isArray() && after.isArray() && raw.size() == before.size()) {
            return patchArray((ArrayNode) raw, before, after);
        }
        return after.deepCopy();
    }

    /**
     * Each item of {@code after} that was in {@code before} keeps its raw form (the first equal item not used yet);
     * an item changed in place (same position, both objects, no equal item to take) is patched; a new item is taken
     * as the model wrote it.
     */
    private static JsonNode patchArray(ArrayNode raw, JsonNode before, JsonNode after) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        boolean[] used = new boolean[before.size()];
        List<Integer> unmatched = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            int found = -1;
            for (int j = 0; j < before.size(); j++) {
                if (!used[j] && before.get(j).equals(after.get(i))) {
                    found = j;
                    break;
                }
            }
            if (found >= 0) {
                used[found] = true;
                items.add(raw.get(found).deepCopy());
            } else {
                items.add(null);
                unmatched.add(i);
            }
        }
        for (int i : unmatched) {
            JsonNode now = after.get(i);
            boolean inPlace = i < before.size() && !used[i] && before.get(i).isObject() && now.isObject();
            if (inPlace) {
                used[i] = true;
                items.set(i, patch(raw.get(i), before.get(i), now));
            } else {
                items.set(i, now.deepCopy());
            }
        }
        items.forEach(out::add);
        return out;
    }

    /** The key as {@code raw} spells it, when it differs only in case (the engine matches keys case-insensitively). */
    private static String spelling(JsonNode raw, String key) {
        if (raw.has(key)) {
            return key;
        }
        Iterator<String> names = raw.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equalsIgnoreCase(key)) {
                return name;
            }
        }
        return key;
    }

    /** docker-java writes unset properties as {@code null}; the engine reads that as absent, so they are dropped. */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(withoutNulls(item)));
            return out;
        }
        return node;
    }
}

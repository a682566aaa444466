package io.faasfed.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;

/**
 * A service spec as JSON, so that an update sends back every field the engine returned. docker-java's
 * {@link ServiceSpec} does not model every field of Engine API 1.41 (a container spec's {@code Sysctls},
 * {@code CapabilityAdd}, {@code CapabilityDrop}, {@code Ulimits}, {@code Isolation}...): sending the edited model alone
 * would silently drop them from the service. So an edit is made on the model, and only what it changed is written
 * over the engine's own JSON: a three-way merge of the engine's spec, the model before the edit and after it.
 */
final class ServiceSpecJson {

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ServiceSpecJson() {
    }

    /** The model as JSON (null fields left out). */
    static Map<String, Object> typed(ServiceSpec spec) {
        return JSON.convertValue(spec, MAP);
    }

    /** The spec exactly as the engine returned it, when docker-java kept it (it keeps a top-level answer's JSON). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> raw(Service service) {
        Object spec = service.getRawValues() == null ? null : service.getRawValues().get("Spec");
        return spec instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : null;
    }

    /**
     * {@code raw} with what changed from {@code before} to {@code after} written over it: a key the edit changed takes
     * the edited value (objects merged key by key, lists replaced), a key the edit removed is removed, every other key
     * keeps the engine's value, including those the model does not know.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> raw, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> out = new LinkedHashMap<>(raw);
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            Object was = before.get(key);
            Object now = after.get(key);
            if (Objects.equals(was, now)) {
                continue;
            }
            if (now == null) {
                out.remove(key);
            } else if (now instanceof Map<?, ?> nowMap && was instanceof Map<?, ?> wasMap && raw.get(key) instanceof Map<?, ?> rawMap) {
                out.put(key, merge((Map<String, Object>) rawMap, (Map<String, Object>) wasMap, (Map<String, Object>) nowMap));
            } else {
                out.put(key, now);
            }
        }
        return out;
    }

    /** The JSON bytes of {@code spec}. */
    static byte[] bytes(Map<String, Object> spec) {
        try {
            return JSON.writeValueAsBytes(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

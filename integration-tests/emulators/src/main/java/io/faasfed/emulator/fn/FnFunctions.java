package io.faasfed.emulator.fn;

import static io.faasfed.emulator.fn.FnStore.error;
import static io.faasfed.emulator.fn.FnStore.ok;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v2/fns}: functions by opaque id inside an app, patch-semantics updates, deletes that take the fn's triggers.
 * An empty {@code config} is stored the way the real sqlite store reads it back, {@code null}: the create answer still
 * shows {@code {}} (the server's in-memory defaults), every later read shows {@code null}, and an update answers
 * {@code {}} only when it sent a config map (fn-server-with-fn-cli.txt:618 and 639).
 */
final class FnFunctions {

    static final String INVOKE_ENDPOINT = "fnproject.io/fn/invokeEndpoint";

    private static final Logger log = LoggerFactory.getLogger(FnFunctions.class);

    private final FnStore store;
    private final Supplier<String> baseUrl;
    private final long defaultTimeout;

    FnFunctions(FnStore store, Supplier<String> baseUrl, Optional<Duration> timeoutOverride) {
        this.store = store;
        this.baseUrl = baseUrl;
        this.defaultTimeout = timeoutOverride.map(Duration::toSeconds).filter(s -> s > 0).orElse(30L);
    }

    Mono<EmulatorResponse> list(EmulatorRequest request) {
        String appId = request.queryParam("app_id");
        if (appId == null || appId.isBlank()) {
            return error(400, "Missing app ID");
        }
        String name = request.queryParam("name");
        return FnStore.page(request, store.fns.values(), fn -> appId.equals(fn.path("app_id").asString())
                && (name == null || name.equals(fn.path("name").asString())));
    }

    Mono<EmulatorResponse> get(EmulatorRequest request) {
        return FnStore.get(store.fns, request.param("id"), "Fn not found");
    }

    Mono<EmulatorResponse> create(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = Json.string(body, "name", "");
        String appId = Json.string(body, "app_id", "");
        if (appId.isBlank()) {
            return error(400, "Missing app ID");
        }
        if (!FnApps.NAME.matcher(name).matches()) {
            return error(400, name.isEmpty() ? "Missing function name" : "Invalid function name");
        }
        if (Json.string(body, "image", "").isBlank()) {
            return error(400, "Missing image");
        }
        Optional<String> invalid = validateLimits(body);
        if (invalid.isPresent()) {
            return error(400, invalid.get());
        }
        String id = Ids.fnId();
        ObjectNode fn = Json.object();
        fn.put("id", id);
        fn.put("name", name);
        fn.put("app_id", appId);
        fn.put("image", body.get("image").asString());
        fn.put("memory", body.path("memory").asInt(128));
        fn.put("timeout", body.path("timeout").asLong(defaultTimeout));
        fn.put("idle_timeout", body.path("idle_timeout").asInt(30));
        fn.putObject("config");
        FnStore.patchMap(fn, "config", body.get("config"));
        FnStore.patchMap(fn, "annotations", body.get("annotations"));
        ((ObjectNode) fn.get("annotations")).put(INVOKE_ENDPOINT, baseUrl.get() + "/invoke/" + id);
        FnStore.stamp(fn, true);
        synchronized (store.writes) {
            if (!store.apps.containsKey(appId)) {
                return error(404, "App not found");
            }
            boolean exists = store.fns.values().stream().anyMatch(other -> appId.equals(other.path("app_id")
                    .asString()) && name.equals(other.path("name").asString()));
            if (exists) {
                return error(409, "Fn already exists");
            }
            store.fns.put(id, FnStore.nullWhenEmpty(fn, "config"));
        }
        log.info("Created Fn function {} ({})", name, id);
        return ok(fn);
    }

    Mono<EmulatorResponse> update(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        Optional<String> invalid = validateLimits(body);
        if (invalid.isPresent()) {
            return error(400, invalid.get());
        }
        synchronized (store.writes) {
            ObjectNode fn = store.fns.get(request.param("id"));
            if (fn == null) {
                return error(404, "Fn not found");
            }
            if (body.has("id") && !body.get("id").asString().equals(fn.get("id").asString())) {
                return error(400, "Fn ID in path does not match that in body");
            }
            if (body.has("name") && !body.get("name").asString().equals(fn.get("name").asString())) {
                return error(400, "Fn name is immutable");
            }
            if (body.has("app_id") && !body.get("app_id").asString().equals(fn.get("app_id").asString())) {
                return error(400, "Fn app ID is immutable");
            }
            ObjectNode updated = fn.deepCopy();
            if (!Json.string(body, "image", "").isBlank()) {
                updated.put("image", body.get("image").asString());
            }
            for (String field : List.of("memory", "timeout", "idle_timeout")) {
                if (body.path(field).isIntegralNumber()) {
                    updated.put(field, body.get(field).asLong());
                }
            }
            if (body.path("config").isObject()) {
                FnStore.patchMap(updated, "config", body.get("config"));
            }
            FnStore.patchMap(updated, "annotations", body.get("annotations"));
            ((ObjectNode) updated.get("annotations")).put(INVOKE_ENDPOINT,
                    baseUrl.get() + "/invoke/" + fn.get("id").asString());
            if (!FnStore.nullWhenEmpty(updated, "config").equals(fn)) {
                // models.Fn.Update moves updated_at only when something changed
                FnStore.stamp(updated, false);
            }
            store.fns.put(fn.get("id").asString(), FnStore.nullWhenEmpty(updated, "config"));
            return ok(updated);
        }
    }

    Mono<EmulatorResponse> delete(EmulatorRequest request) {
        String id = request.param("id");
        synchronized (store.writes) {
            if (store.fns.remove(id) == null) {
                return error(404, "Fn not found");
            }
            store.triggers.values().removeIf(trigger -> id.equals(trigger.path("fn_id").asString()));
        }
        return FnStore.noContent();
    }

    private static Optional<String> validateLimits(ObjectNode body) {
        return range(body, "memory", 1, 8192, "Invalid memory value")
                .or(() -> range(body, "timeout", 1, 300, "Invalid timeout value"))
                .or(() -> range(body, "idle_timeout", 1, 3600, "Invalid idle_timeout value"));
    }

    private static Optional<String> range(ObjectNode body, String field, long min, long max, String message) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return !value.isIntegralNumber() || value.asLong() < min || value.asLong() > max
                ? Optional.of(message + " (expected: " + min + "-" + max + ")") : Optional.empty();
    }
}

package io.faasfed.emulator.fn;

import static io.faasfed.emulator.fn.FnStore.error;
import static io.faasfed.emulator.fn.FnStore.ok;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v2/triggers}: HTTP triggers of an app's fns, unique by name and by source within the app, each annotated with
 * the URL that calls it.
 */
final class FnTriggers {

    static final String HTTP_ENDPOINT = "fnproject.io/trigger/httpEndpoint";

    private final FnStore store;
    private final Supplier<String> baseUrl;

    FnTriggers(FnStore store, Supplier<String> baseUrl) {
        this.store = store;
        this.baseUrl = baseUrl;
    }

    Mono<EmulatorResponse> list(EmulatorRequest request) {
        String appId = request.queryParam("app_id");
        if (appId == null || appId.isBlank()) {
            return error(400, "Missing app ID");
        }
        String fnId = request.queryParam("fn_id");
        String name = request.queryParam("name");
        return FnStore.page(request, store.triggers.values(), trigger -> appId.equals(trigger.path("app_id")
                .asString()) && (fnId == null || fnId.equals(trigger.path("fn_id").asString()))
                && (name == null || name.equals(trigger.path("name").asString())));
    }

    Mono<EmulatorResponse> get(EmulatorRequest request) {
        return FnStore.get(store.triggers, request.param("id"), "Trigger not found");
    }

    Mono<EmulatorResponse> create(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = Json.string(body, "name", "");
        String appId = Json.string(body, "app_id", "");
        String fnId = Json.string(body, "fn_id", "");
        String source = Json.string(body, "source", "");
        if (!FnApps.NAME.matcher(name).matches()) {
            return error(400, name.isEmpty() ? "Missing trigger name" : "Invalid trigger name");
        }
        if (appId.isBlank()) {
            return error(400, "Missing app ID");
        }
        if (fnId.isBlank()) {
            return error(400, "Missing Fn ID");
        }
        if (!"http".equals(Json.string(body, "type", ""))) {
            return error(400, "Invalid trigger type");
        }
        if (!source.startsWith("/")) {
            return error(400, "Invalid trigger source: it must start with '/'");
        }
        synchronized (store.writes) {
            ObjectNode app = store.apps.get(appId);
            if (app == null) {
                return error(404, "App not found");
            }
            ObjectNode fn = store.fns.get(fnId);
            if (fn == null || !appId.equals(fn.path("app_id").asString())) {
                return error(404, "Fn not found");
            }
            for (ObjectNode other : store.triggers.values()) {
                if (appId.equals(other.path("app_id").asString())) {
                    if (name.equals(other.path("name").asString())) {
                        return error(409, "Trigger already exists");
                    }
                    if (source.equals(other.path("source").asString())) {
                        return error(409, "Trigger with source " + source + " already exists");
                    }
                }
            }
            String id = Ids.fnId();
            ObjectNode trigger = Json.object();
            trigger.put("id", id);
            trigger.put("name", name);
            trigger.put("app_id", appId);
            trigger.put("fn_id", fnId);
            FnStore.stamp(trigger, true);
            trigger.put("type", "http");
            trigger.put("source", source);
            FnStore.patchMap(trigger, "annotations", body.get("annotations"));
            ((ObjectNode) trigger.get("annotations")).put(HTTP_ENDPOINT, endpoint(app, source));
            store.triggers.put(id, trigger);
            return ok(trigger);
        }
    }

    Mono<EmulatorResponse> update(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        synchronized (store.writes) {
            ObjectNode trigger = store.triggers.get(request.param("id"));
            if (trigger == null) {
                return error(404, "Trigger not found");
            }
            ObjectNode updated = trigger.deepCopy();
            String source = Json.string(body, "source", null);
            if (source != null && !source.equals(trigger.get("source").asString())) {
                if (!source.startsWith("/")) {
                    return error(400, "Invalid trigger source: it must start with '/'");
                }
                boolean taken = store.triggers.values().stream().anyMatch(other -> other != trigger
                        && other.path("app_id").asString().equals(trigger.path("app_id").asString())
                        && source.equals(other.path("source").asString()));
                if (taken) {
                    return error(409, "Trigger with source " + source + " already exists");
                }
                updated.put("source", source);
            }
            FnStore.patchMap(updated, "annotations", body.get("annotations"));
            ObjectNode app = store.apps.get(trigger.path("app_id").asString());
            ((ObjectNode) updated.get("annotations")).put(HTTP_ENDPOINT,
                    endpoint(app, updated.get("source").asString()));
            FnStore.stamp(updated, false);
            store.triggers.put(trigger.get("id").asString(), updated);
            return ok(updated);
        }
    }

    Mono<EmulatorResponse> delete(EmulatorRequest request) {
        return store.triggers.remove(request.param("id")) == null ? error(404, "Trigger not found")
                : FnStore.noContent();
    }

    private String endpoint(ObjectNode app, String source) {
        return baseUrl.get() + "/t/" + app.path("name").asString() + source;
    }
}

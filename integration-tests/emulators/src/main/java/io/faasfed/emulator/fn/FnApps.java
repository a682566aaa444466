package io.faasfed.emulator.fn;

import static io.faasfed.emulator.fn.FnStore.error;
import static io.faasfed.emulator.fn.FnStore.ok;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import java.util.Optional;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v2/apps}: apps by opaque id, unique by name, deleted with their fns and triggers. An app's {@code config}
 * and {@code annotations} are left out of its JSON when empty, as the real server's {@code omitempty} fields are.
 */
final class FnApps {

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private final FnStore store;

    FnApps(FnStore store) {
        this.store = store;
    }

    Mono<EmulatorResponse> list(EmulatorRequest request) {
        String name = request.queryParam("name");
        return FnStore.page(request, store.apps.values(),
                app -> name == null || name.equals(app.path("name").asString()));
    }

    Mono<EmulatorResponse> get(EmulatorRequest request) {
        return FnStore.get(store.apps, request.param("id"), "App not found");
    }

    Mono<EmulatorResponse> create(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = Json.string(body, "name", "");
        if (!NAME.matcher(name).matches()) {
            return error(400, name.isEmpty() ? "Missing app name" : "Invalid app name");
        }
        ObjectNode app = Json.object();
        app.put("id", Ids.fnId());
        app.put("name", name);
        patchMaps(app, body);
        Optional.ofNullable(Json.string(body, "syslog_url", null)).ifPresent(url -> app.put("syslog_url", url));
        Optional.ofNullable(Json.string(body, "shape", null)).ifPresent(shape -> app.put("shape", shape));
        FnStore.stamp(app, true);
        synchronized (store.writes) {
            if (store.appNamed(name).isPresent()) {
                return error(409, "App already exists");
            }
            store.apps.put(app.get("id").asString(), app);
        }
        return ok(app);
    }

    Mono<EmulatorResponse> update(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        synchronized (store.writes) {
            ObjectNode app = store.apps.get(request.param("id"));
            if (app == null) {
                return error(404, "App not found");
            }
            if (body.has("name") && !body.get("name").asString().equals(app.get("name").asString())) {
                return error(409, "Could not update - name is immutable");
            }
            ObjectNode updated = app.deepCopy();
            patchMaps(updated, body);
            Optional.ofNullable(Json.string(body, "syslog_url", null)).ifPresent(url -> updated.put("syslog_url", url));
            FnStore.stamp(updated, false);
            store.apps.put(app.get("id").asString(), updated);
            return ok(updated);
        }
    }

    Mono<EmulatorResponse> delete(EmulatorRequest request) {
        String id = request.param("id");
        synchronized (store.writes) {
            if (store.apps.remove(id) == null) {
                return error(404, "App not found");
            }
            store.fns.values().removeIf(fn -> id.equals(fn.path("app_id").asString()));
            store.triggers.values().removeIf(trigger -> id.equals(trigger.path("app_id").asString()));
        }
        return FnStore.noContent();
    }

    /** Merges config and annotations; an empty result is left out (fn-server-with-fn-cli.txt:593, 604). */
    private static void patchMaps(ObjectNode app, ObjectNode body) {
        for (String field : new String[] {"config", "annotations"}) {
            FnStore.patchMap(app, field, body.get(field));
            FnStore.omitEmpty(app, field);
        }
    }
}

package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.WhiskResponses.error;
import static io.faasfed.emulator.openwhisk.WhiskResponses.notFound;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Json;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /namespaces/{ns}/packages[/{pkg}]}: list, get (with the actions inside), create or update (a merge, as for
 * actions) and delete (409 while the package still holds actions).
 */
final class PackagesApi {

    Mono<EmulatorResponse> list(WhiskState state, EmulatorRequest request) {
        return WhiskResponses.page(request, state.packages().values().stream(), pkg -> {
            ObjectNode brief = WhiskResponses.brief(pkg);
            brief.set("binding", pkg.path("binding").deepCopy());
            return brief;
        });
    }

    Mono<EmulatorResponse> get(WhiskState state, EmulatorRequest request) {
        String pkg = request.param("pkg");
        ObjectNode stored = state.packages().get(pkg);
        if (stored == null) {
            return Mono.just(notFound());
        }
        ObjectNode copy = stored.deepCopy();
        ArrayNode contents = copy.putArray("actions");
        state.actions().values().stream().filter(action -> inPackage(state, action, pkg))
                .sorted(Comparator.comparing(action -> action.path("name").asString()))
                .forEach(action -> contents.add(Json.object().put("name", action.path("name").asString())
                        .put("version", action.path("version").asString())
                        .set("annotations", action.path("annotations").deepCopy())));
        copy.putArray("feeds");
        return Mono.just(EmulatorResponse.json(200, copy));
    }

    Mono<EmulatorResponse> put(WhiskState state, EmulatorRequest request) {
        String pkg = request.param("pkg");
        if (!ActionValidation.validName(pkg)) {
            return Mono.just(error(400, "The name of the entity contains illegal characters."));
        }
        ObjectNode put = Json.parseObject(request.body());
        if (!KeyValues.wellFormed(put)) {
            return Mono.just(error(400, KeyValues.MALFORMED));
        }
        ObjectNode existing = state.packages().get(pkg);
        if (existing != null && !"true".equalsIgnoreCase(request.queryParam("overwrite"))) {
            return Mono.just(error(409, "resource already exists"));
        }
        ObjectNode stored = existing != null ? existing.deepCopy() : Json.object();
        stored.put("namespace", state.namespace());
        stored.put("name", pkg);
        stored.put("version", existing == null ? "0.0.1"
                : WhiskResponses.bump(existing.path("version").asString("0.0.0")));
        stored.put("publish", put.has("publish") ? put.path("publish").asBoolean(false)
                : existing != null && existing.path("publish").asBoolean(false));
        if (put.has("parameters") || existing == null) {
            stored.set("parameters", KeyValues.read(put.get("parameters")).orElseGet(Json::array));
        }
        Map<String, JsonNode> annotations = new LinkedHashMap<>();
        stored.path("annotations").forEach(a -> annotations.put(a.path("key").asString(), a.path("value")));
        KeyValues.read(put.get("annotations")).orElseGet(Json::array)
                .forEach(a -> annotations.put(a.path("key").asString(), a.path("value").deepCopy()));
        ArrayNode merged = Json.array();
        annotations.forEach((key, value) -> merged.add(Json.object().put("key", key).set("value", value)));
        stored.set("annotations", merged);
        stored.set("binding", put.has("binding") ? put.get("binding").deepCopy() : Json.object());
        stored.put("updated", Instant.now().toEpochMilli());
        state.packages().put(pkg, stored);
        return Mono.just(EmulatorResponse.json(200, stored));
    }

    Mono<EmulatorResponse> delete(WhiskState state, EmulatorRequest request) {
        String pkg = request.param("pkg");
        if (!state.packages().containsKey(pkg)) {
            return Mono.just(notFound());
        }
        long contained = state.actions().values().stream().filter(action -> inPackage(state, action, pkg)).count();
        if (contained > 0) {
            return Mono.just(error(409, "Package not empty (contains " + contained + " entit"
                    + (contained == 1 ? "y" : "ies") + "). Set force param or delete package contents."));
        }
        return Mono.just(EmulatorResponse.json(200, state.packages().remove(pkg)));
    }

    private static boolean inPackage(WhiskState state, ObjectNode action, String pkg) {
        return action.path("namespace").asString().equals(state.namespace() + '/' + pkg);
    }
}

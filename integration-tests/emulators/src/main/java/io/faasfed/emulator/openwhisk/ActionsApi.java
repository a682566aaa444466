package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.WhiskResponses.MALFORMED;
import static io.faasfed.emulator.openwhisk.WhiskResponses.error;
import static io.faasfed.emulator.openwhisk.WhiskResponses.notFound;

import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /namespaces/{ns}/actions[/{pkg}]/{name}}: list, get, create ({@code ?overwrite=true} to replace, 409 without),
 * update (a merge: omitted fields kept, annotations added or replaced, {@code delAnnotations} removed) and delete.
 */
final class ActionsApi {

    private static final Logger log = LoggerFactory.getLogger(ActionsApi.class);

    /** Releases what runs a deleted action (its container in container mode); runs before the delete answers. */
    private final Function<ObjectNode, Mono<Void>> onDelete;

    ActionsApi(Function<ObjectNode, Mono<Void>> onDelete) {
        this.onDelete = onDelete;
    }

    Mono<EmulatorResponse> list(WhiskState state, EmulatorRequest request) {
        return WhiskResponses.page(request, state.actions().values().stream(), WhiskResponses::brief);
    }

    /**
     * {@code GET /namespaces/{ns}/actions/{pkg}/}: the actions in a package, or in the package a binding refers to
     * (the controller's {@code listPackageActions}, reached by {@code get & pathSingleSlash} in
     * {@code WhiskActionsApi.innerRoutes}). The package read check ({@code PackageCollection
     * .checkPackageReadPermission}) answers 404 when there is no such document and 409 when the name is an action's.
     */
    Mono<EmulatorResponse> listInPackage(WhiskState state, EmulatorRequest request) {
        ObjectNode pkg = state.packages().get(request.param("pkg"));
        if (pkg == null) {
            return Mono.just(state.action(null, request.param("pkg")) == null ? notFound()
                    : error(409, "Resource by this name exists but is not in this collection."));
        }
        String bound = pkg.path("binding").path("name").asString(request.param("pkg"));
        String namespace = state.namespace() + '/' + bound;
        return WhiskResponses.page(request, state.actions().values().stream()
                .filter(action -> action.path("namespace").asString().equals(namespace)), WhiskResponses::brief);
    }

    Mono<EmulatorResponse> get(WhiskState state, EmulatorRequest request) {
        ObjectNode action = state.action(request.param("pkg"), request.param("name"));
        if (action == null) {
            return Mono.just(notFound());
        }
        ObjectNode copy = action.deepCopy();
        if ("false".equalsIgnoreCase(request.queryParam("code"))) {
            ((ObjectNode) copy.get("exec")).remove("code");
        }
        return Mono.just(EmulatorResponse.json(200, copy));
    }

    Mono<EmulatorResponse> put(WhiskState state, EmulatorRequest request) {
        String pkg = request.param("pkg");
        String name = request.param("name");
        if (!ActionValidation.validName(name) || pkg != null && !ActionValidation.validName(pkg)) {
            return Mono.just(error(400, "The name of the entity contains illegal characters."));
        }
        if (pkg != null && !state.packages().containsKey(pkg)) {
            return Mono.just(notFound());
        }
        ObjectNode put = Json.parseObject(request.body());
        String key = WhiskState.actionKey(pkg, name);
        boolean overwrite = "true".equalsIgnoreCase(request.queryParam("overwrite"));
        ObjectNode existing = state.actions().get(key);
        if (existing != null && !overwrite) {
            return Mono.just(error(409, "resource already exists"));
        }
        if (existing == null && !put.has("exec")) {
            return Mono.just(error(400, MALFORMED + "exec undefined"));
        }
        if (!KeyValues.wellFormed(put)) {
            return Mono.just(error(400, KeyValues.MALFORMED));
        }
        Optional<String> invalid = ActionValidation.exec(put.get("exec"))
                .or(() -> ActionValidation.limits(put.get("limits")));
        if (invalid.isPresent()) {
            return Mono.just(error(400, invalid.get()));
        }
        String entityNamespace = pkg == null ? state.namespace() : state.namespace() + '/' + pkg;
        ObjectNode action = merge(state, existing, put, entityNamespace, name);
        state.actions().put(key, action);
        log.info("Stored OpenWhisk action {}/{}", state.namespace(), key);
        return Mono.just(EmulatorResponse.json(200, action));
    }

    Mono<EmulatorResponse> delete(WhiskState state, EmulatorRequest request) {
        ObjectNode removed = state.actions().remove(WhiskState.actionKey(request.param("pkg"), request.param("name")));
        if (removed == null) {
            return Mono.just(notFound());
        }
        return onDelete.apply(removed).onErrorResume(failure -> Mono.empty())
                .then(Mono.fromSupplier(() -> EmulatorResponse.json(200, removed)));
    }

    private static ObjectNode merge(WhiskState state, ObjectNode existing, ObjectNode put, String entityNamespace,
                                    String name) {
        ObjectNode action = existing != null ? existing.deepCopy() : Json.object();
        action.put("namespace", entityNamespace);
        action.put("name", name);
        action.put("version", existing == null ? "0.0.1"
                : WhiskResponses.bump(existing.path("version").asString("0.0.0")));
        action.put("publish", put.has("publish") ? put.path("publish").asBoolean(false)
                : existing != null && existing.path("publish").asBoolean(false));
        if (put.has("exec")) {
            JsonNode exec = put.get("exec");
            ObjectNode stored = Json.object();
            stored.put("kind", ActionRuntimes.resolve(exec.path("kind").asString()).orElseThrow());
            Stream.of("code", "image", "main").filter(exec::has)
                    .forEach(field -> stored.put(field, exec.get(field).asString()));
            if (exec.has("components")) {
                stored.set("components", exec.get("components").deepCopy());
            }
            stored.put("binary", exec.path("binary").asBoolean(false));
            action.set("exec", stored);
        }
        if (put.has("parameters") || existing == null) {
            action.set("parameters", KeyValues.read(put.get("parameters")).orElseGet(Json::array));
        }
        ObjectNode limits = existing != null ? (ObjectNode) existing.get("limits").deepCopy() : defaultLimits(state);
        if (put.get("limits") instanceof ObjectNode given) {
            given.properties().forEach(entry -> limits.set(entry.getKey(), entry.getValue().deepCopy()));
        }
        action.set("limits", limits);
        action.set("annotations", mergeAnnotations(existing, put, action.path("exec").path("kind").asString()));
        action.put("updated", Instant.now().toEpochMilli());
        return action;
    }

    private static ArrayNode mergeAnnotations(ObjectNode existing, ObjectNode put, String kind) {
        Map<String, JsonNode> merged = new LinkedHashMap<>();
        if (existing != null) {
            existing.path("annotations").forEach(a -> merged.put(a.path("key").asString(), a.path("value")));
        }
        KeyValues.read(put.get("annotations")).orElseGet(Json::array)
                .forEach(a -> merged.put(a.path("key").asString(), a.path("value").deepCopy()));
        put.path("delAnnotations").forEach(key -> merged.remove(key.asString()));
        if (existing == null) {
            merged.putIfAbsent("provide-api-key", Json.MAPPER.getNodeFactory().booleanNode(false));
        }
        merged.put("exec", Json.MAPPER.getNodeFactory().stringNode(kind));
        ArrayNode annotations = Json.array();
        merged.forEach((key, value) -> annotations.add(Json.object().put("key", key).set("value", value)));
        return annotations;
    }

    private static ObjectNode defaultLimits(WhiskState state) {
        long timeout = state.options().functionTimeoutOverride().map(Duration::toMillis).orElse(60_000L);
        return Json.object().put("timeout", timeout).put("memory", 256).put("logs", 10).put("concurrency", 1);
    }
}

package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.ActionExecutor.annotation;
import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.BackgroundTasks;
import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.Emulator;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.EmulatorServer;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.ProcessFunctionRunner;
import io.faasfed.emulator.Router;
import io.faasfed.emulator.SandboxPlatforms;
import io.faasfed.emulator.openwhisk.ActionExecutor.Resolved;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful emulator of the Apache OpenWhisk controller API under {@code /api/v1}: actions (create with
 * {@code ?overwrite=true}, 409 without; update merges, {@code delAnnotations} removes), packages, paging with
 * {@code limit}/{@code skip}, blocking and non-blocking invocations with activation records, and web actions. Basic
 * auth with {@code uuid:key} guards everything but {@code /ping}, the info documents and web actions without
 * {@code require-whisk-auth}. Errors are {@code {"error","code"}}.
 */
public final class OpenWhiskEmulator implements Emulator {

    /** The namespace of OpenWhisk's standalone guest key, used when the options name none. */
    public static final String DEFAULT_NAMESPACE = "guest";

    private static final Logger log = LoggerFactory.getLogger(OpenWhiskEmulator.class);
    private static final Pattern ENTITY_NAME = Pattern.compile("\\A([\\w]|[\\w][\\w@ .-]*[\\w@.-]+)\\z");
    private static final Pattern MAIN = Pattern.compile("[A-Za-z_$][\\w$]*");
    private static final int MAX_PAYLOAD = 1024 * 1024;
    private static final int MAX_ACTIVATIONS = 10_000;
    private static final int DEFAULT_LIMIT = 30;
    private static final int MAX_LIMIT = 200;
    private static final Set<String> WEB_EXTENSIONS = Set.of("json", "http", "html", "svg", "text");

    private final EmulatorOptions options;
    private final Credentials credentials;
    private final String namespace;
    private final ProcessFunctionRunner runner;
    private final ActionRuntimes runtimes;
    private final BackgroundTasks background = new BackgroundTasks();
    private final Map<String, ObjectNode> actions = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> packages = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> activations = new LinkedHashMap<>();
    private final EmulatorServer server;
    private final ActionExecutor executor;

    private OpenWhiskEmulator(EmulatorOptions options) {
        this.options = options;
        this.credentials = options.credentialsOr(SandboxPlatforms.OPENWHISK_CREDENTIALS);
        this.namespace = options.namespace() != null ? options.namespace() : DEFAULT_NAMESPACE;
        this.runner = new ProcessFunctionRunner(options.maxOutputBytes());
        this.runtimes = ActionRuntimes.detect();
        String api = "/api/v1/namespaces/{ns}";
        Router router = new Router(request -> Mono.just(error(404, "The requested resource does not exist.")),
                request -> Mono.just(error(405, "HTTP method not allowed, supported methods: GET, PUT, POST, DELETE")))
                .route("GET", "/ping", request -> Mono.just(EmulatorResponse.text(200, "pong")))
                .route("GET", "/", request -> Mono.just(EmulatorResponse.json(200, info())))
                .route("GET", "/api/v1", request -> Mono.just(EmulatorResponse.json(200, info())))
                .route("GET", "/api/v1/", request -> Mono.just(EmulatorResponse.json(200, info())))
                .route("GET", "/api/v1/namespaces", authed(this::namespaces))
                .route("GET", api + "/actions", authed(this::listActions))
                .route("GET", api + "/actions/{name}", authed(this::getAction))
                .route("GET", api + "/actions/{pkg}/{name}", authed(this::getAction))
                .route("PUT", api + "/actions/{name}", authed(this::putAction))
                .route("PUT", api + "/actions/{pkg}/{name}", authed(this::putAction))
                .route("DELETE", api + "/actions/{name}", authed(this::deleteAction))
                .route("DELETE", api + "/actions/{pkg}/{name}", authed(this::deleteAction))
                .route("POST", api + "/actions/{name}", authed(this::invoke))
                .route("POST", api + "/actions/{pkg}/{name}", authed(this::invoke))
                .route("GET", api + "/packages", authed(this::listPackages))
                .route("GET", api + "/packages/{pkg}", authed(this::getPackage))
                .route("PUT", api + "/packages/{pkg}", authed(this::putPackage))
                .route("DELETE", api + "/packages/{pkg}", authed(this::deletePackage))
                .route("GET", api + "/activations", authed(this::listActivations))
                .route("GET", api + "/activations/{id}", authed(request -> activation(request, "")))
                .route("GET", api + "/activations/{id}/result", authed(request -> activation(request, "result")))
                .route("GET", api + "/activations/{id}/logs", authed(request -> activation(request, "logs")))
                .route("*", "/api/v1/web/{ns}/{pkg}/{action}{rest*}", this::webAction);
        this.server = EmulatorServer.start("OpenWhisk", options.port(), options.maxRequestBytes(), router,
                OpenWhiskEmulator::failure);
        this.executor = new ActionExecutor(options, credentials.username(), credentials.password(), runtimes, runner,
                this::resolveFullyQualified, this::storeActivation, server.baseUrl());
        log.debug("OpenWhisk emulator runtimes: {}", runtimes.found());
    }

    /** Starts an emulator on 127.0.0.1. */
    public static OpenWhiskEmulator start(EmulatorOptions options) {
        return new OpenWhiskEmulator(requireNonNull(options, "options"));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The {@code uuid:key} the API demands. */
    public Credentials credentials() {
        return credentials;
    }

    /** The namespace the key owns ({@code _} in paths stands for it). */
    public String namespace() {
        return namespace;
    }

    /** The kinds this emulator accepts here: always {@code blackbox} and {@code sequence}, others as installed. */
    public Set<String> kinds() {
        return Set.copyOf(runtimes.available());
    }

    @Override
    public void close() {
        background.close();
        server.close();
        runner.close();
        runtimes.close();
    }

    // ---- info and auth ----

    private ObjectNode info() {
        ObjectNode info = Json.object();
        info.put("description", "OpenWhisk API (faasfed emulator)");
        info.put("api_version", "1.0.0");
        info.put("api_version_path", "v1");
        info.putArray("api_paths").add("/api/v1");
        info.putObject("support").put("github", "https://github.com/apache/openwhisk/issues")
                .put("slack", "http://slack.openwhisk.org");
        info.putObject("limits").put("actions_per_minute", 120).put("triggers_per_minute", 60)
                .put("concurrent_actions", 100).put("sequence_length", 50).put("min_action_duration", 100)
                .put("max_action_duration", 300_000).put("min_action_memory", 134_217_728L)
                .put("max_action_memory", 536_870_912L).put("min_action_logs", 0).put("max_action_logs", 10_485_760L);
        info.set("runtimes", runtimes.manifest());
        return info;
    }

    private Router.Handler authed(Router.Handler handler) {
        return request -> {
            String authorization = request.header("Authorization");
            if (authorization == null) {
                return Mono.just(error(401,
                        "The resource requires authentication, which was not supplied with the request"));
            }
            if (!credentials.matches(authorization)) {
                return Mono.just(error(401, "The supplied authentication is invalid"));
            }
            String requested = request.param("ns");
            if (requested != null && !"_".equals(requested) && !namespace.equals(requested)) {
                return Mono.just(error(403, "The supplied authentication is not authorized to access '"
                        + requested + "'."));
            }
            return handler.handle(request);
        };
    }

    private Mono<EmulatorResponse> namespaces(EmulatorRequest request) {
        return Mono.just(EmulatorResponse.json(200, Json.array().add(namespace)));
    }

    // ---- actions ----

    private Mono<EmulatorResponse> listActions(EmulatorRequest request) {
        return page(request, actions.values().stream(), this::brief);
    }

    private Mono<EmulatorResponse> getAction(EmulatorRequest request) {
        ObjectNode action = actions.get(actionKey(request.param("pkg"), request.param("name")));
        if (action == null) {
            return Mono.just(notFound());
        }
        ObjectNode copy = action.deepCopy();
        if ("false".equalsIgnoreCase(request.queryParam("code"))) {
            ((ObjectNode) copy.get("exec")).remove("code");
        }
        return Mono.just(EmulatorResponse.json(200, copy));
    }

    private Mono<EmulatorResponse> putAction(EmulatorRequest request) {
        String pkg = request.param("pkg");
        String name = request.param("name");
        if (!ENTITY_NAME.matcher(name).matches() || pkg != null && !ENTITY_NAME.matcher(pkg).matches()) {
            return Mono.just(error(400, "The name of the entity contains illegal characters."));
        }
        if (pkg != null && !packages.containsKey(pkg)) {
            return Mono.just(error(404, "The requested resource does not exist."));
        }
        ObjectNode put = Json.parseObject(request.body());
        String key = actionKey(pkg, name);
        boolean overwrite = "true".equalsIgnoreCase(request.queryParam("overwrite"));
        ObjectNode existing = actions.get(key);
        if (existing != null && !overwrite) {
            return Mono.just(error(409, "resource already exists"));
        }
        if (existing == null && !put.has("exec")) {
            return Mono.just(error(400, "The request content was malformed:\nexec undefined"));
        }
        Optional<String> invalid = validateExec(put.get("exec")).or(() -> validateLimits(put.get("limits")));
        if (invalid.isPresent()) {
            return Mono.just(error(400, invalid.get()));
        }
        ObjectNode action = merge(existing, put, pkg == null ? namespace : namespace + '/' + pkg, name);
        actions.put(key, action);
        log.info("Stored OpenWhisk action {}", key);
        return Mono.just(EmulatorResponse.json(200, action));
    }

    private Mono<EmulatorResponse> deleteAction(EmulatorRequest request) {
        ObjectNode removed = actions.remove(actionKey(request.param("pkg"), request.param("name")));
        return Mono.just(removed == null ? notFound() : EmulatorResponse.json(200, removed));
    }

    private ObjectNode merge(ObjectNode existing, ObjectNode put, String entityNamespace, String name) {
        ObjectNode action = existing != null ? existing.deepCopy() : Json.object();
        action.put("namespace", entityNamespace);
        action.put("name", name);
        action.put("version", existing == null ? "0.0.1" : bump(existing.path("version").asString("0.0.0")));
        action.put("publish", put.has("publish") ? put.path("publish").asBoolean(false)
                : existing != null && existing.path("publish").asBoolean(false));
        if (put.has("exec")) {
            JsonNode exec = put.get("exec");
            ObjectNode stored = Json.object();
            stored.put("kind", exec.path("kind").asString());
            Stream.of("code", "image", "main").filter(exec::has)
                    .forEach(field -> stored.put(field, exec.get(field).asString()));
            if (exec.has("components")) {
                stored.set("components", exec.get("components").deepCopy());
            }
            stored.put("binary", exec.path("binary").asBoolean(false));
            action.set("exec", stored);
        }
        if (put.has("parameters") || existing == null) {
            action.set("parameters", put.has("parameters") ? put.get("parameters").deepCopy() : Json.array());
        }
        ObjectNode limits = existing != null ? (ObjectNode) existing.get("limits").deepCopy() : defaultLimits();
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
        put.path("annotations").forEach(a -> merged.put(a.path("key").asString(), a.path("value").deepCopy()));
        put.path("delAnnotations").forEach(key -> merged.remove(key.asString()));
        if (existing == null) {
            merged.putIfAbsent("provide-api-key", Json.MAPPER.getNodeFactory().booleanNode(false));
        }
        merged.put("exec", Json.MAPPER.getNodeFactory().stringNode(kind));
        ArrayNode annotations = Json.array();
        merged.forEach((key, value) -> annotations.add(Json.object().put("key", key).set("value", value)));
        return annotations;
    }

    private ObjectNode defaultLimits() {
        long timeout = options.functionTimeoutOverride().map(Duration::toMillis).orElse(60_000L);
        return Json.object().put("timeout", timeout).put("memory", 256).put("logs", 10).put("concurrency", 1);
    }

    private Optional<String> validateExec(JsonNode exec) {
        if (exec == null) {
            return Optional.empty();
        }
        String kind = exec.path("kind").asString("");
        if (!runtimes.supports(kind)) {
            return Optional.of("kind '" + kind + "' not in Set(" + String.join(", ", runtimes.available()) + ")");
        }
        if (ActionRuntimes.BLACKBOX.equals(kind) && exec.path("image").asString("").isBlank()) {
            return Optional.of("The request content was malformed:\nimage undefined");
        }
        if (ActionRuntimes.SEQUENCE.equals(kind)) {
            JsonNode components = exec.path("components");
            if (!components.isArray() || components.isEmpty()) {
                return Optional.of("The request content was malformed:\ncomponents undefined");
            }
            for (JsonNode component : components) {
                if (component.asString("").split("/").length < 3 || !component.asString("").startsWith("/")) {
                    return Optional.of("The request content was malformed:\nsequence components must be fully "
                            + "qualified: " + component.asString(""));
                }
            }
        }
        if ((ActionRuntimes.isNode(kind) || ActionRuntimes.isPython(kind))
                && exec.path("code").asString("").isBlank()) {
            return Optional.of("The request content was malformed:\ncode undefined");
        }
        if (exec.has("main") && !MAIN.matcher(exec.path("main").asString("")).matches()) {
            return Optional.of("The request content was malformed:\nmain must be an identifier");
        }
        return Optional.empty();
    }

    private static Optional<String> validateLimits(JsonNode limits) {
        if (limits == null) {
            return Optional.empty();
        }
        return range(limits, "timeout", 100, 300_000, "milliseconds")
                .or(() -> range(limits, "memory", 128, 512, "MB"))
                .or(() -> range(limits, "logs", 0, 10, "MB"))
                .or(() -> range(limits, "concurrency", 1, 1, "activations"));
    }

    private static Optional<String> range(JsonNode limits, String field, long min, long max, String unit) {
        JsonNode value = limits.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            return Optional.of("The request content was malformed:\n" + field + " " + value + " " + unit
                    + " is out of range [" + min + ", " + max + "]");
        }
        return Optional.empty();
    }

    // ---- packages ----

    private Mono<EmulatorResponse> listPackages(EmulatorRequest request) {
        return page(request, packages.values().stream(), pkg -> {
            ObjectNode brief = brief(pkg);
            brief.set("binding", pkg.path("binding").deepCopy());
            return brief;
        });
    }

    private Mono<EmulatorResponse> getPackage(EmulatorRequest request) {
        String pkg = request.param("pkg");
        ObjectNode stored = packages.get(pkg);
        if (stored == null) {
            return Mono.just(notFound());
        }
        ObjectNode copy = stored.deepCopy();
        ArrayNode contents = copy.putArray("actions");
        actions.values().stream().filter(action -> action.path("namespace").asString().equals(namespace + '/' + pkg))
                .sorted(Comparator.comparing(action -> action.path("name").asString()))
                .forEach(action -> contents.add(Json.object().put("name", action.path("name").asString())
                        .put("version", action.path("version").asString())
                        .set("annotations", action.path("annotations").deepCopy())));
        copy.putArray("feeds");
        return Mono.just(EmulatorResponse.json(200, copy));
    }

    private Mono<EmulatorResponse> putPackage(EmulatorRequest request) {
        String pkg = request.param("pkg");
        if (!ENTITY_NAME.matcher(pkg).matches()) {
            return Mono.just(error(400, "The name of the entity contains illegal characters."));
        }
        ObjectNode put = Json.parseObject(request.body());
        ObjectNode existing = packages.get(pkg);
        if (existing != null && !"true".equalsIgnoreCase(request.queryParam("overwrite"))) {
            return Mono.just(error(409, "resource already exists"));
        }
        ObjectNode stored = existing != null ? existing.deepCopy() : Json.object();
        stored.put("namespace", namespace);
        stored.put("name", pkg);
        stored.put("version", existing == null ? "0.0.1" : bump(existing.path("version").asString("0.0.0")));
        stored.put("publish", put.has("publish") ? put.path("publish").asBoolean(false)
                : existing != null && existing.path("publish").asBoolean(false));
        if (put.has("parameters") || existing == null) {
            stored.set("parameters", put.has("parameters") ? put.get("parameters").deepCopy() : Json.array());
        }
        Map<String, JsonNode> annotations = new LinkedHashMap<>();
        stored.path("annotations").forEach(a -> annotations.put(a.path("key").asString(), a.path("value")));
        put.path("annotations").forEach(a -> annotations.put(a.path("key").asString(), a.path("value").deepCopy()));
        ArrayNode merged = Json.array();
        annotations.forEach((key, value) -> merged.add(Json.object().put("key", key).set("value", value)));
        stored.set("annotations", merged);
        stored.set("binding", put.has("binding") ? put.get("binding").deepCopy() : Json.object());
        stored.put("updated", Instant.now().toEpochMilli());
        packages.put(pkg, stored);
        return Mono.just(EmulatorResponse.json(200, stored));
    }

    private Mono<EmulatorResponse> deletePackage(EmulatorRequest request) {
        String pkg = request.param("pkg");
        if (!packages.containsKey(pkg)) {
            return Mono.just(notFound());
        }
        long contained = actions.values().stream()
                .filter(action -> action.path("namespace").asString().equals(namespace + '/' + pkg)).count();
        if (contained > 0) {
            return Mono.just(error(409, "Package not empty (contains " + contained + " entit"
                    + (contained == 1 ? "y" : "ies") + "). Set force param or delete package contents."));
        }
        return Mono.just(EmulatorResponse.json(200, packages.remove(pkg)));
    }

    // ---- invocations ----

    private Mono<EmulatorResponse> invoke(EmulatorRequest request) {
        ObjectNode action = actions.get(actionKey(request.param("pkg"), request.param("name")));
        if (action == null) {
            return Mono.just(notFound());
        }
        if (request.body().length > MAX_PAYLOAD) {
            return Mono.just(error(413, "The request content was malformed:\nrequest entity too large: "
                    + request.body().length + " > " + MAX_PAYLOAD + " bytes"));
        }
        ObjectNode params;
        try {
            params = Json.parseObject(request.body());
        } catch (Json.BadJson notAnObject) {
            return Mono.just(error(400, "The request content was malformed:\n" + notAnObject.getMessage()));
        }
        boolean blocking = "true".equalsIgnoreCase(request.queryParam("blocking"));
        boolean resultOnly = "true".equalsIgnoreCase(request.queryParam("result"));
        Duration wait = options.blockingWait();
        String timeout = request.queryParam("timeout");
        if (timeout != null) {
            long millis;
            try {
                millis = Long.parseLong(timeout);
            } catch (NumberFormatException e) {
                millis = -1;
            }
            if (millis < 0 || millis > 60_000) {
                return Mono.just(error(400, "The request content was malformed:\ntimeout " + timeout
                        + " is out of range [0, 60000] milliseconds"));
            }
            if (millis > 0 && millis < wait.toMillis()) {
                wait = Duration.ofMillis(millis);
            }
        }
        String activationId = Ids.hex32();
        Mono<ObjectNode> activation = start(new Resolved(action, packageOf(action)), params, activationId);
        EmulatorResponse accepted = EmulatorResponse.json(202, Json.object().put("activationId", activationId))
                .withHeader("x-openwhisk-activation-id", activationId);
        if (!blocking) {
            return Mono.just(accepted);
        }
        return activation.timeout(wait)
                .map(record -> {
                    int status = statusFor(record);
                    JsonNode body = resultOnly ? record.path("response").path("result") : record;
                    return EmulatorResponse.json(status, body).withHeader("x-openwhisk-activation-id", activationId);
                })
                .onErrorResume(TimeoutException.class, stillRunning -> Mono.just(accepted));
    }

    private Mono<ObjectNode> start(Resolved target, ObjectNode params, String activationId) {
        Mono<ObjectNode> activation = executor.activate(target, params, activationId, null).cache();
        background.start(activation);
        return activation;
    }

    private static int statusFor(ObjectNode record) {
        return switch (record.path("statusCode").asInt()) {
            case ActionExecutor.SUCCESS -> 200;
            case ActionExecutor.WHISK_ERROR -> 500;
            default -> 502;
        };
    }

    // ---- activations ----

    private Mono<EmulatorResponse> activation(EmulatorRequest request, String part) {
        ObjectNode record;
        synchronized (activations) {
            record = activations.get(request.param("id"));
        }
        if (record == null) {
            return Mono.just(notFound());
        }
        return Mono.just(switch (part) {
            case "result" -> EmulatorResponse.json(200, record.path("response"));
            case "logs" -> EmulatorResponse.json(200, Json.object().set("logs", record.path("logs").deepCopy()));
            default -> EmulatorResponse.json(200, record);
        });
    }

    private Mono<EmulatorResponse> listActivations(EmulatorRequest request) {
        List<ObjectNode> records;
        synchronized (activations) {
            records = new ArrayList<>(activations.values());
        }
        String name = request.queryParam("name");
        boolean docs = "true".equalsIgnoreCase(request.queryParam("docs"));
        Stream<ObjectNode> matching = records.stream()
                .filter(record -> name == null || name.equals(record.path("name").asString())
                        || name.endsWith('/' + record.path("name").asString()));
        return page(request, matching, record -> {
            if (docs) {
                return record;
            }
            ObjectNode brief = Json.object();
            Stream.of("namespace", "name", "version", "subject", "activationId", "start", "end", "duration",
                    "statusCode", "publish", "annotations", "cause").filter(record::has)
                    .forEach(field -> brief.set(field, record.get(field).deepCopy()));
            return brief;
        }, Comparator.comparingLong((ObjectNode record) -> record.path("start").asLong()).reversed());
    }

    private void storeActivation(ObjectNode record) {
        synchronized (activations) {
            activations.put(record.path("activationId").asString(), record);
            if (activations.size() > MAX_ACTIVATIONS) {
                String eldest = activations.keySet().iterator().next();
                activations.remove(eldest);
            }
        }
    }

    // ---- web actions ----

    private Mono<EmulatorResponse> webAction(EmulatorRequest request) {
        String requestedNs = request.param("ns");
        if (!"_".equals(requestedNs) && !namespace.equals(requestedNs)) {
            return Mono.just(notFound());
        }
        String actionSegment = request.param("action");
        int dot = actionSegment.lastIndexOf('.');
        String name = dot > 0 ? actionSegment.substring(0, dot) : actionSegment;
        String extension = dot > 0 ? actionSegment.substring(dot + 1) : "http";
        if (!WEB_EXTENSIONS.contains(extension)) {
            return Mono.just(error(406, "Resource representation is only available with these types:\n"
                    + ".json\n.html\n.http\n.text\n.svg"));
        }
        String pkg = "default".equals(request.param("pkg")) ? null : request.param("pkg");
        ObjectNode action = actions.get(actionKey(pkg, name));
        if (action == null || !webExported(action)) {
            return Mono.just(notFound());
        }
        JsonNode requireAuth = annotation(action, "require-whisk-auth");
        if (requireAuth.isBoolean() && requireAuth.asBoolean() && !credentials.matches(request.header("Authorization"))
                || (requireAuth.isString() || requireAuth.isNumber())
                && !requireAuth.asString().equals(request.header("X-Require-Whisk-Auth"))) {
            return Mono.just(error(401, "The resource requires authentication, which was not supplied with the "
                    + "request"));
        }
        Resolved target = new Resolved(action, packageOf(action));
        ObjectNode params = webParameters(request, annotation(action, "raw-http").asBoolean(false));
        if (annotation(action, "final").asBoolean(false)) {
            ObjectNode bound = ActionExecutor.boundParameters(target);
            boolean overrides = params.propertyNames().stream()
                    .anyMatch(key -> !key.startsWith("__ow_") && bound.has(key));
            if (overrides) {
                return Mono.just(error(400, "Request defines parameters that are not allowed (e.g., reserved "
                        + "properties) or attempts to override final parameters."));
            }
        }
        String activationId = Ids.hex32();
        return start(target, params, activationId)
                .timeout(options.blockingWait())
                .map(record -> webResponse(record, extension, request.param("rest"))
                        .withHeader("x-openwhisk-activation-id", activationId))
                .onErrorResume(TimeoutException.class, stillRunning -> Mono.just(error(202,
                        "Response not yet ready.").withHeader("x-openwhisk-activation-id", activationId)));
    }

    private static boolean webExported(ObjectNode action) {
        JsonNode export = annotation(action, "web-export");
        return export.asBoolean(false) || "true".equalsIgnoreCase(export.asString(""));
    }

    private static ObjectNode webParameters(EmulatorRequest request, boolean raw) {
        ObjectNode params = Json.object();
        String contentType = Optional.ofNullable(request.header("Content-Type")).orElse("");
        if (raw) {
            params.put("__ow_query", request.rawQuery());
            params.put("__ow_body", textual(contentType) ? request.bodyText()
                    : Base64.getEncoder().encodeToString(request.body()));
        } else {
            request.query().forEach((key, values) -> {
                if (!values.isEmpty()) {
                    params.put(key, values.get(0));
                }
            });
            if (!request.bodyBlank()) {
                JsonNode body = contentType.contains("json") ? parseOrNull(request.body()) : null;
                if (body instanceof ObjectNode object) {
                    params.setAll(object);
                } else {
                    params.put("__ow_body", textual(contentType) ? request.bodyText()
                            : Base64.getEncoder().encodeToString(request.body()));
                }
            }
        }
        params.put("__ow_method", request.method().toLowerCase(Locale.ROOT));
        ObjectNode headers = params.putObject("__ow_headers");
        request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        params.put("__ow_path", request.param("rest") == null ? "" : request.param("rest"));
        return params;
    }

    private static EmulatorResponse webResponse(ObjectNode record, String extension, String rest) {
        JsonNode result = record.path("response").path("result");
        int statusCode = record.path("statusCode").asInt();
        if (statusCode == ActionExecutor.APPLICATION_ERROR) {
            return error(400, result.path("error").isString() ? result.path("error").asString()
                    : Json.text(result.path("error")));
        }
        if (statusCode != ActionExecutor.SUCCESS) {
            return error(502, result.path("error").asString("The action did not produce a valid response."));
        }
        switch (extension) {
            case "json" -> {
                JsonNode projected = rest == null || rest.isEmpty() ? result : result.at(rest);
                return projected.isMissingNode() ? error(404, "The requested resource does not exist.")
                        : EmulatorResponse.json(200, projected);
            }
            case "http" -> {
                return httpResult(result);
            }
            default -> {
                JsonNode field = result.path(extension);
                if (!field.isString()) {
                    return error(400, "The action did not produce a valid response.");
                }
                String contentType = switch (extension) {
                    case "html" -> "text/html; charset=UTF-8";
                    case "svg" -> "image/svg+xml";
                    default -> "text/plain; charset=UTF-8";
                };
                return EmulatorResponse.bytes(200, contentType, field.asString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static EmulatorResponse httpResult(JsonNode result) {
        JsonNode body = result.path("body");
        int status = result.path("statusCode").asInt(body.isMissingNode() ? 204 : 200);
        Map<String, String> headers = new LinkedHashMap<>();
        result.path("headers").properties().forEach(entry -> headers.put(entry.getKey(), entry.getValue().asString()));
        String contentType = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        byte[] bytes;
        if (body.isMissingNode() || body.isNull()) {
            bytes = new byte[0];
        } else if (body.isString()) {
            boolean binary = contentType != null && !textual(contentType);
            bytes = binary ? decodeOrRaw(body.asString()) : body.asString().getBytes(StandardCharsets.UTF_8);
            if (contentType == null) {
                contentType = "text/html; charset=UTF-8";
            }
        } else {
            bytes = Json.write(body);
            if (contentType == null) {
                contentType = EmulatorResponse.JSON;
            }
        }
        EmulatorResponse response = EmulatorResponse.bytes(status, contentType, bytes);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Content-Type")) {
                response = response.withHeader(header.getKey(), header.getValue());
            }
        }
        return response;
    }

    // ---- helpers ----

    private Mono<EmulatorResponse> page(EmulatorRequest request, Stream<ObjectNode> entities,
            java.util.function.Function<ObjectNode, ObjectNode> view) {
        return page(request, entities, view, Comparator.comparingLong((ObjectNode e) -> e.path("updated").asLong())
                .reversed().thenComparing(e -> e.path("name").asString()));
    }

    private Mono<EmulatorResponse> page(EmulatorRequest request, Stream<ObjectNode> entities,
            java.util.function.Function<ObjectNode, ObjectNode> view, Comparator<ObjectNode> order) {
        int limit;
        int skip;
        try {
            limit = request.queryParam("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(request.queryParam("limit"));
            skip = request.queryParam("skip") == null ? 0 : Integer.parseInt(request.queryParam("skip"));
        } catch (NumberFormatException e) {
            return Mono.just(error(400, "The request content was malformed:\nlimit and skip must be integers"));
        }
        if (limit < 0 || skip < 0) {
            return Mono.just(error(400, "The request content was malformed:\nlimit and skip must not be negative"));
        }
        if (limit > MAX_LIMIT) {
            return Mono.just(error(400, "The value '" + limit + "' exceeds the maximum allowed " + MAX_LIMIT + "."));
        }
        ArrayNode array = Json.array();
        entities.sorted(order).skip(skip).limit(limit == 0 ? MAX_LIMIT : limit).map(view).forEach(array::add);
        return Mono.just(EmulatorResponse.json(200, array));
    }

    private ObjectNode brief(ObjectNode entity) {
        ObjectNode brief = Json.object();
        Stream.of("namespace", "name", "version", "publish", "annotations", "limits", "updated").filter(entity::has)
                .forEach(field -> brief.set(field, entity.get(field).deepCopy()));
        if (entity.has("exec")) {
            brief.putObject("exec").put("binary", entity.path("exec").path("binary").asBoolean(false));
        }
        return brief;
    }

    private ObjectNode packageOf(ObjectNode action) {
        String entityNamespace = action.path("namespace").asString();
        int slash = entityNamespace.indexOf('/');
        return slash < 0 ? null : packages.get(entityNamespace.substring(slash + 1));
    }

    private Optional<Resolved> resolveFullyQualified(String path) {
        String[] parts = path.substring(1).split("/");
        if (parts.length < 2 || !("_".equals(parts[0]) || namespace.equals(parts[0]))) {
            return Optional.empty();
        }
        String key = parts.length == 2 ? parts[1] : parts[1] + '/' + parts[2];
        return Optional.ofNullable(actions.get(key)).map(action -> new Resolved(action, packageOf(action)));
    }

    private static String actionKey(String pkg, String name) {
        return pkg == null ? name : pkg + '/' + name;
    }

    private static String bump(String version) {
        String[] parts = version.split("\\.");
        try {
            return parts[0] + '.' + parts[1] + '.' + (Integer.parseInt(parts[2]) + 1);
        } catch (RuntimeException notSemantic) {
            return "0.0.1";
        }
    }

    private static boolean textual(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("x-www-form-urlencoded") || type.contains("javascript");
    }

    private static byte[] decodeOrRaw(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException notBase64) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static JsonNode parseOrNull(byte[] body) {
        try {
            return Json.parse(body);
        } catch (Json.BadJson notJson) {
            return null;
        }
    }

    private static EmulatorResponse notFound() {
        return error(404, "The requested resource does not exist.");
    }

    /** An error as the controller writes it: {@code {"error":…,"code":<transaction id>}}. */
    static EmulatorResponse error(int status, String message) {
        return EmulatorResponse.json(status, Json.object().put("error", message).put("code", Ids.hex32()));
    }

    private static EmulatorResponse failure(Throwable failure) {
        if (failure instanceof Json.BadJson bad) {
            return error(400, "The request content was malformed:\n" + bad.getMessage());
        }
        if (failure instanceof EmulatorServer.RequestTooLarge tooLarge) {
            return error(413, "The request content was malformed:\n" + tooLarge.getMessage());
        }
        return error(500, "An internal error occurred: " + failure);
    }
}

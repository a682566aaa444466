package io.faasfed.emulator.fn;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.BackgroundTasks;
import io.faasfed.emulator.Emulator;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.EmulatorServer;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.ProcessCall;
import io.faasfed.emulator.ProcessFunctionRunner;
import io.faasfed.emulator.ProcessOutcome;
import io.faasfed.emulator.Router;
import io.faasfed.emulator.WatchdogEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful emulator of the Fn server API: apps, fns and triggers addressed by opaque ids, cursor paging
 * ({@code per_page}, {@code next_cursor}), patch-semantics updates, 204 deletes that cascade, {@code POST /invoke/{id}}
 * with {@code Fn-Call-Id} and detached calls, and HTTP triggers under {@code /t/{app}{source}}. Open-source Fn has no
 * auth, so neither has this. Errors are {@code {"message"}}. Functions run as local processes under the watchdog
 * contract.
 */
public final class FnEmulator implements Emulator {

    /** The server version {@code GET /version} reports. */
    public static final String VERSION = "0.3.753";

    private static final Logger log = LoggerFactory.getLogger(FnEmulator.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final String INVOKE_ENDPOINT = "fnproject.io/fn/invokeEndpoint";
    private static final String HTTP_ENDPOINT = "fnproject.io/trigger/httpEndpoint";
    private static final String JSON_UTF8 = "application/json; charset=utf-8";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
    private static final int DEFAULT_PER_PAGE = 30;
    private static final int MAX_PER_PAGE = 100;

    private final EmulatorOptions options;
    private final ProcessFunctionRunner runner;
    private final BackgroundTasks background = new BackgroundTasks();
    private final Map<String, ObjectNode> apps = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> fns = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> triggers = new ConcurrentHashMap<>();
    private final Object writes = new Object();
    private final EmulatorServer server;

    private FnEmulator(EmulatorOptions options) {
        this.options = options;
        this.runner = new ProcessFunctionRunner(options.maxOutputBytes());
        Router router = new Router(
                request -> Mono.just(message(404, "Path not found: " + request.method() + ' ' + request.path())),
                request -> Mono.just(message(405, "Method not allowed: " + request.method() + ' ' + request.path())))
                .route("GET", "/", request -> Mono.just(EmulatorResponse.json(200, JSON_UTF8,
                        Json.object().put("hello", "world!").put("goto", "https://github.com/fnproject/fn"))))
                .route("GET", "/version", request -> Mono.just(EmulatorResponse.json(200, JSON_UTF8,
                        Json.object().put("version", VERSION))))
                .route("GET", "/v2/apps", this::listApps)
                .route("POST", "/v2/apps", this::createApp)
                .route("GET", "/v2/apps/{id}", request -> get(apps, request.param("id"), "App not found"))
                .route("PUT", "/v2/apps/{id}", this::updateApp)
                .route("DELETE", "/v2/apps/{id}", this::deleteApp)
                .route("GET", "/v2/fns", this::listFns)
                .route("POST", "/v2/fns", this::createFn)
                .route("GET", "/v2/fns/{id}", request -> get(fns, request.param("id"), "Fn not found"))
                .route("PUT", "/v2/fns/{id}", this::updateFn)
                .route("DELETE", "/v2/fns/{id}", this::deleteFn)
                .route("*", "/v2/fns/{id}/calls{rest*}", request -> Mono.just(message(410,
                        "the calls API was removed from Fn")))
                .route("GET", "/v2/triggers", this::listTriggers)
                .route("POST", "/v2/triggers", this::createTrigger)
                .route("GET", "/v2/triggers/{id}", request -> get(triggers, request.param("id"), "Trigger not found"))
                .route("PUT", "/v2/triggers/{id}", this::updateTrigger)
                .route("DELETE", "/v2/triggers/{id}", this::deleteTrigger)
                .route("POST", "/invoke/{id}", this::invoke)
                .route("*", "/t/{app}{source*}", this::trigger);
        this.server = EmulatorServer.start("Fn", options.port(), options.maxRequestBytes(), router, FnEmulator::failure);
    }

    /** Starts an emulator on 127.0.0.1. */
    public static FnEmulator start(EmulatorOptions options) {
        return new FnEmulator(requireNonNull(options, "options"));
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        background.close();
        server.close();
        runner.close();
    }

    // ---- apps ----

    private Mono<EmulatorResponse> listApps(EmulatorRequest request) {
        String name = request.queryParam("name");
        return page(request, apps.values(), app -> name == null || name.equals(app.path("name").asString()));
    }

    private Mono<EmulatorResponse> createApp(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = Json.string(body, "name", "");
        if (!NAME.matcher(name).matches()) {
            return Mono.just(message(400, name.isEmpty() ? "Missing app name" : "Invalid app name"));
        }
        ObjectNode app = Json.object();
        app.put("id", Ids.fnId());
        app.put("name", name);
        patchMap(app, "config", body.get("config"));
        patchMap(app, "annotations", body.get("annotations"));
        Optional.ofNullable(Json.string(body, "syslog_url", null)).ifPresent(url -> app.put("syslog_url", url));
        Optional.ofNullable(Json.string(body, "shape", null)).ifPresent(shape -> app.put("shape", shape));
        stamp(app, true);
        synchronized (writes) {
            if (apps.values().stream().anyMatch(other -> name.equals(other.path("name").asString()))) {
                return Mono.just(message(409, "App already exists"));
            }
            apps.put(app.get("id").asString(), app);
        }
        return Mono.just(EmulatorResponse.json(200, JSON_UTF8, app));
    }

    private Mono<EmulatorResponse> updateApp(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        synchronized (writes) {
            ObjectNode app = apps.get(request.param("id"));
            if (app == null) {
                return Mono.just(message(404, "App not found"));
            }
            if (body.has("name") && !body.get("name").asString().equals(app.get("name").asString())) {
                return Mono.just(message(409, "Could not update - name is immutable"));
            }
            ObjectNode updated = app.deepCopy();
            patchMap(updated, "config", body.get("config"));
            patchMap(updated, "annotations", body.get("annotations"));
            Optional.ofNullable(Json.string(body, "syslog_url", null)).ifPresent(url -> updated.put("syslog_url", url));
            stamp(updated, false);
            apps.put(app.get("id").asString(), updated);
            return Mono.just(EmulatorResponse.json(200, JSON_UTF8, updated));
        }
    }

    private Mono<EmulatorResponse> deleteApp(EmulatorRequest request) {
        String id = request.param("id");
        synchronized (writes) {
            if (apps.remove(id) == null) {
                return Mono.just(message(404, "App not found"));
            }
            fns.values().removeIf(fn -> id.equals(fn.path("app_id").asString()));
            triggers.values().removeIf(trigger -> id.equals(trigger.path("app_id").asString()));
        }
        return Mono.just(noContent());
    }

    // ---- fns ----

    private Mono<EmulatorResponse> listFns(EmulatorRequest request) {
        String appId = request.queryParam("app_id");
        if (appId == null || appId.isBlank()) {
            return Mono.just(message(400, "Missing app ID"));
        }
        String name = request.queryParam("name");
        return page(request, fns.values(), fn -> appId.equals(fn.path("app_id").asString())
                && (name == null || name.equals(fn.path("name").asString())));
    }

    private Mono<EmulatorResponse> createFn(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = Json.string(body, "name", "");
        String appId = Json.string(body, "app_id", "");
        if (appId.isBlank()) {
            return Mono.just(message(400, "Missing app ID"));
        }
        if (!NAME.matcher(name).matches()) {
            return Mono.just(message(400, name.isEmpty() ? "Missing function name" : "Invalid function name"));
        }
        if (Json.string(body, "image", "").isBlank()) {
            return Mono.just(message(400, "Missing image"));
        }
        Optional<String> invalid = validateLimits(body);
        if (invalid.isPresent()) {
            return Mono.just(message(400, invalid.get()));
        }
        String id = Ids.fnId();
        ObjectNode fn = Json.object();
        fn.put("id", id);
        fn.put("name", name);
        fn.put("app_id", appId);
        fn.put("image", body.get("image").asString());
        fn.put("memory", body.path("memory").asInt(128));
        long defaultTimeout = options.functionTimeoutOverride().map(Duration::toSeconds).filter(s -> s > 0).orElse(30L);
        fn.put("timeout", body.path("timeout").asLong(defaultTimeout));
        fn.put("idle_timeout", body.path("idle_timeout").asInt(30));
        fn.putObject("config");
        patchMap(fn, "config", body.get("config"));
        patchMap(fn, "annotations", body.get("annotations"));
        ((ObjectNode) fn.get("annotations")).put(INVOKE_ENDPOINT, baseUrl() + "/invoke/" + id);
        stamp(fn, true);
        synchronized (writes) {
            if (!apps.containsKey(appId)) {
                return Mono.just(message(404, "App not found"));
            }
            boolean exists = fns.values().stream().anyMatch(other -> appId.equals(other.path("app_id").asString())
                    && name.equals(other.path("name").asString()));
            if (exists) {
                return Mono.just(message(409, "Fn already exists"));
            }
            fns.put(id, fn);
        }
        log.info("Created Fn function {} ({})", name, id);
        return Mono.just(EmulatorResponse.json(200, JSON_UTF8, fn));
    }

    private Mono<EmulatorResponse> updateFn(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        Optional<String> invalid = validateLimits(body);
        if (invalid.isPresent()) {
            return Mono.just(message(400, invalid.get()));
        }
        synchronized (writes) {
            ObjectNode fn = fns.get(request.param("id"));
            if (fn == null) {
                return Mono.just(message(404, "Fn not found"));
            }
            if (body.has("id") && !body.get("id").asString().equals(fn.get("id").asString())) {
                return Mono.just(message(400, "Fn ID in path does not match that in body"));
            }
            if (body.has("name") && !body.get("name").asString().equals(fn.get("name").asString())) {
                return Mono.just(message(400, "Fn name is immutable"));
            }
            if (body.has("app_id") && !body.get("app_id").asString().equals(fn.get("app_id").asString())) {
                return Mono.just(message(400, "Fn app ID is immutable"));
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
            patchMap(updated, "config", body.get("config"));
            patchMap(updated, "annotations", body.get("annotations"));
            ((ObjectNode) updated.get("annotations")).put(INVOKE_ENDPOINT,
                    baseUrl() + "/invoke/" + fn.get("id").asString());
            stamp(updated, false);
            fns.put(fn.get("id").asString(), updated);
            return Mono.just(EmulatorResponse.json(200, JSON_UTF8, updated));
        }
    }

    private Mono<EmulatorResponse> deleteFn(EmulatorRequest request) {
        String id = request.param("id");
        synchronized (writes) {
            if (fns.remove(id) == null) {
                return Mono.just(message(404, "Fn not found"));
            }
            triggers.values().removeIf(trigger -> id.equals(trigger.path("fn_id").asString()));
        }
        return Mono.just(noContent());
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

    // ---- triggers ----

    private Mono<EmulatorResponse> listTriggers(EmulatorRequest request) {
        String appId = request.queryParam("app_id");
        if (appId == null || appId.isBlank()) {
            return Mono.just(message(400, "Missing app ID"));
        }
        String fnId = request.queryParam("fn_id");
        String name = request.queryParam("name");
        return page(request, triggers.values(), trigger -> appId.equals(trigger.path("app_id").asString())
                && (fnId == null || fnId.equals(trigger.path("fn_id").asString()))
                && (name == null || name.equals(trigger.path("name").asString())));
    }

    private Mono<EmulatorResponse> createTrigger(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        String name = Json.string(body, "name", "");
        String appId = Json.string(body, "app_id", "");
        String fnId = Json.string(body, "fn_id", "");
        String source = Json.string(body, "source", "");
        if (!NAME.matcher(name).matches()) {
            return Mono.just(message(400, name.isEmpty() ? "Missing trigger name" : "Invalid trigger name"));
        }
        if (appId.isBlank()) {
            return Mono.just(message(400, "Missing app ID"));
        }
        if (fnId.isBlank()) {
            return Mono.just(message(400, "Missing Fn ID"));
        }
        if (!"http".equals(Json.string(body, "type", ""))) {
            return Mono.just(message(400, "Invalid trigger type"));
        }
        if (!source.startsWith("/")) {
            return Mono.just(message(400, "Invalid trigger source: it must start with '/'"));
        }
        synchronized (writes) {
            ObjectNode app = apps.get(appId);
            if (app == null) {
                return Mono.just(message(404, "App not found"));
            }
            ObjectNode fn = fns.get(fnId);
            if (fn == null || !appId.equals(fn.path("app_id").asString())) {
                return Mono.just(message(404, "Fn not found"));
            }
            for (ObjectNode other : triggers.values()) {
                if (appId.equals(other.path("app_id").asString())) {
                    if (name.equals(other.path("name").asString())) {
                        return Mono.just(message(409, "Trigger already exists"));
                    }
                    if (source.equals(other.path("source").asString())) {
                        return Mono.just(message(409, "Trigger with source " + source + " already exists"));
                    }
                }
            }
            String id = Ids.fnId();
            ObjectNode trigger = Json.object();
            trigger.put("id", id);
            trigger.put("name", name);
            trigger.put("app_id", appId);
            trigger.put("fn_id", fnId);
            stamp(trigger, true);
            trigger.put("type", "http");
            trigger.put("source", source);
            patchMap(trigger, "annotations", body.get("annotations"));
            ((ObjectNode) trigger.get("annotations")).put(HTTP_ENDPOINT,
                    baseUrl() + "/t/" + app.get("name").asString() + source);
            triggers.put(id, trigger);
            return Mono.just(EmulatorResponse.json(200, JSON_UTF8, trigger));
        }
    }

    private Mono<EmulatorResponse> updateTrigger(EmulatorRequest request) {
        ObjectNode body = Json.parseObject(request.body());
        synchronized (writes) {
            ObjectNode trigger = triggers.get(request.param("id"));
            if (trigger == null) {
                return Mono.just(message(404, "Trigger not found"));
            }
            ObjectNode updated = trigger.deepCopy();
            String source = Json.string(body, "source", null);
            if (source != null && !source.equals(trigger.get("source").asString())) {
                if (!source.startsWith("/")) {
                    return Mono.just(message(400, "Invalid trigger source: it must start with '/'"));
                }
                boolean taken = triggers.values().stream().anyMatch(other -> other != trigger
                        && other.path("app_id").asString().equals(trigger.path("app_id").asString())
                        && source.equals(other.path("source").asString()));
                if (taken) {
                    return Mono.just(message(409, "Trigger with source " + source + " already exists"));
                }
                updated.put("source", source);
            }
            patchMap(updated, "annotations", body.get("annotations"));
            ObjectNode app = apps.get(trigger.path("app_id").asString());
            ((ObjectNode) updated.get("annotations")).put(HTTP_ENDPOINT,
                    baseUrl() + "/t/" + app.path("name").asString() + updated.get("source").asString());
            stamp(updated, false);
            triggers.put(trigger.get("id").asString(), updated);
            return Mono.just(EmulatorResponse.json(200, JSON_UTF8, updated));
        }
    }

    private Mono<EmulatorResponse> deleteTrigger(EmulatorRequest request) {
        return Mono.just(triggers.remove(request.param("id")) == null ? message(404, "Trigger not found")
                : noContent());
    }

    // ---- invocation ----

    private Mono<EmulatorResponse> invoke(EmulatorRequest request) {
        ObjectNode fn = fns.get(request.param("id"));
        if (fn == null) {
            return Mono.just(message(404, "Fn not found"));
        }
        String callId = Ids.fnId();
        if ("detached".equalsIgnoreCase(request.header("Fn-Invoke-Type"))) {
            background.start(run(fn, request, callId, "detached", "/invoke/" + fn.get("id").asString(), Map.of()));
            return Mono.just(EmulatorResponse.empty(202).withHeader("Fn-Call-Id", callId));
        }
        return run(fn, request, callId, "sync", "/invoke/" + fn.get("id").asString(), Map.of());
    }

    private Mono<EmulatorResponse> trigger(EmulatorRequest request) {
        String appName = request.param("app");
        String source = request.param("source").isEmpty() ? "/" : request.param("source");
        Optional<ObjectNode> app = apps.values().stream().filter(a -> appName.equals(a.path("name").asString()))
                .findFirst();
        if (app.isEmpty()) {
            return Mono.just(message(404, "App not found"));
        }
        String appId = app.get().get("id").asString();
        Optional<ObjectNode> trigger = triggers.values().stream()
                .filter(t -> appId.equals(t.path("app_id").asString()) && source.equals(t.path("source").asString()))
                .findFirst();
        ObjectNode fn = trigger.map(t -> fns.get(t.path("fn_id").asString())).orElse(null);
        if (fn == null) {
            return Mono.just(message(404, "Trigger not found"));
        }
        String url = baseUrl() + request.path() + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        Map<String, String> fnHeaders = Map.of("Http_Fn_Http_Method", request.method(),
                "Http_Fn_Http_Request_Url", url, "Http_Fn_Intent", "httprequest");
        return run(fn, request, Ids.fnId(), "sync", source, fnHeaders);
    }

    private Mono<EmulatorResponse> run(ObjectNode fn, EmulatorRequest request, String callId, String type,
            String path, Map<String, String> extraEnv) {
        ObjectNode app = apps.getOrDefault(fn.path("app_id").asString(), Json.object());
        Map<String, String> env = new HashMap<>();
        app.path("config").properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asString()));
        fn.path("config").properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asString()));
        Map<String, String> functionEnv = Map.copyOf(env);
        env.putAll(WatchdogEnvironment.of(request.method(), path, request.rawQuery(), request.headers()));
        env.putAll(extraEnv);
        long timeoutSeconds = fn.path("timeout").asLong(30);
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        env.put("Http_Fn_Call_Id", callId);
        env.put("Http_Fn_Deadline", deadline.truncatedTo(ChronoUnit.MILLIS).toString());
        env.put("FN_APP_ID", fn.path("app_id").asString());
        env.put("FN_FN_ID", fn.path("id").asString());
        env.put("FN_MEMORY", fn.path("memory").asString());
        env.put("FN_TYPE", type);
        env.put("FN_FORMAT", "http-stream");
        if (options.gatewayUrl() != null) {
            env.put("FAASFED_GATEWAY_URL", options.gatewayUrl());
        }
        String image = fn.path("image").asString();
        Optional<List<String>> command = options.catalog().resolve(image, functionEnv);
        if (command.isEmpty()) {
            return Mono.just(message(502, "image " + image + " is not in the sandbox catalog and the function sets "
                    + "no fprocess config").withHeader("Fn-Call-Id", callId));
        }
        String contentType = Optional.ofNullable(functionEnv.get("content_type")).orElse("text/plain; charset=utf-8");
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        return runner.run(new ProcessCall(command.get(), env, request.body(), timeout, false))
                .map(outcome -> answer(outcome, contentType, fn).withHeader("Fn-Call-Id", callId));
    }

    private static EmulatorResponse answer(ProcessOutcome outcome, String contentType, ObjectNode fn) {
        return switch (outcome.status()) {
            case EXITED -> outcome.exitCode() == 0 ? EmulatorResponse.bytes(200, contentType, outcome.stdout())
                    : message(502, "function failed: exit status " + outcome.exitCode()
                            + detail(outcome.stderrText().isBlank() ? outcome.stdoutText() : outcome.stderrText()));
            case TIMED_OUT -> message(504, "Timed out");
            case OUTPUT_TOO_LARGE -> message(502, "function response too large: " + outcome.message());
            case NOT_STARTED -> message(502, "function " + fn.path("name").asString() + " could not start: "
                    + outcome.message());
        };
    }

    private static String detail(String output) {
        String trimmed = output.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        return ": " + (trimmed.length() > 500 ? trimmed.substring(0, 500) + "…" : trimmed);
    }

    // ---- helpers ----

    private static Mono<EmulatorResponse> get(Map<String, ObjectNode> store, String id, String missing) {
        ObjectNode entity = store.get(id);
        return Mono.just(entity == null ? message(404, missing) : EmulatorResponse.json(200, JSON_UTF8, entity));
    }

    private static Mono<EmulatorResponse> page(EmulatorRequest request, java.util.Collection<ObjectNode> entities,
            Predicate<ObjectNode> filter) {
        int perPage;
        try {
            perPage = request.queryParam("per_page") == null ? DEFAULT_PER_PAGE
                    : Integer.parseInt(request.queryParam("per_page"));
        } catch (NumberFormatException e) {
            return Mono.just(message(400, "Invalid per_page value"));
        }
        perPage = perPage <= 0 ? DEFAULT_PER_PAGE : Math.min(perPage, MAX_PER_PAGE);
        String after = decodeCursor(request.queryParam("cursor"));
        List<ObjectNode> matching = new ArrayList<>(entities.stream().filter(filter)
                .sorted(Comparator.comparing(FnEmulator::sortKey)).toList());
        List<ObjectNode> items = matching.stream().filter(entity -> after == null || sortKey(entity).compareTo(after) > 0)
                .limit(perPage).toList();
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("items");
        items.forEach(array::add);
        if (items.size() == perPage) {
            body.put("next_cursor", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(sortKey(items.get(items.size() - 1)).getBytes(StandardCharsets.UTF_8)));
        }
        return Mono.just(EmulatorResponse.json(200, JSON_UTF8, body));
    }

    private static String sortKey(ObjectNode entity) {
        return entity.path("name").asString() + '\u0000' + entity.path("id").asString();
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    /** Patch semantics: keys with an empty (or null) value are removed, others added or replaced. */
    private static void patchMap(ObjectNode entity, String field, JsonNode patch) {
        ObjectNode target = entity.get(field) instanceof ObjectNode existing ? existing : entity.putObject(field);
        if (patch == null || !patch.isObject()) {
            return;
        }
        patch.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull() || value.isString() && value.stringValue().isEmpty()) {
                target.remove(entry.getKey());
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        });
    }

    private static void stamp(ObjectNode entity, boolean created) {
        String now = TIME.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        if (created) {
            entity.put("created_at", now);
        }
        entity.put("updated_at", now);
    }

    private static EmulatorResponse noContent() {
        return EmulatorResponse.bytes(204, "text/plain; charset=utf-8", new byte[0]);
    }

    /** An error as Fn writes it: {@code {"message":…}}. */
    static EmulatorResponse message(int status, String message) {
        return EmulatorResponse.json(status, JSON_UTF8, Json.object().put("message", message));
    }

    private static EmulatorResponse failure(Throwable failure) {
        if (failure instanceof Json.BadJson bad) {
            return message(400, "Invalid JSON: " + bad.getMessage());
        }
        if (failure instanceof EmulatorServer.RequestTooLarge tooLarge) {
            return message(413, tooLarge.getMessage());
        }
        return message(500, "internal server error: " + failure);
    }
}

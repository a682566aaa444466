package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.ProcessCall;
import io.faasfed.emulator.ProcessFunctionRunner;
import io.faasfed.emulator.ProcessOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs activations: an action's process (or a sequence's components) with its parameters as a JSON object on stdin,
 * and turns the outcome into an activation record as the controller stores it — {@code response.status} one of
 * {@code success}, {@code application error}, {@code action developer error}, {@code whisk internal error}.
 */
final class ActionExecutor {

    static final int SUCCESS = 0;
    static final int APPLICATION_ERROR = 1;
    static final int DEVELOPER_ERROR = 2;
    static final int WHISK_ERROR = 3;
    private static final List<String> STATUS = List.of("success", "application error", "action developer error",
            "whisk internal error");

    /** An action with the package it is in ({@code null} for none). */
    record Resolved(ObjectNode action, ObjectNode pkg) {
    }

    private final EmulatorOptions options;
    private final String subject;
    private final String apiKey;
    private final ActionRuntimes runtimes;
    private final ProcessFunctionRunner runner;
    private final Function<String, Optional<Resolved>> lookup;
    private final Consumer<ObjectNode> store;
    private final String apiHost;

    ActionExecutor(EmulatorOptions options, String subject, String apiKey, ActionRuntimes runtimes,
            ProcessFunctionRunner runner, Function<String, Optional<Resolved>> lookup, Consumer<ObjectNode> store,
            String apiHost) {
        this.options = options;
        this.subject = subject;
        this.apiKey = apiKey;
        this.runtimes = runtimes;
        this.runner = runner;
        this.lookup = lookup;
        this.store = store;
        this.apiHost = apiHost;
    }

    /**
     * Runs one activation and stores its record when it ends; {@code params} are the invocation's own parameters,
     * laid over the package's and the action's bound ones.
     */
    Mono<ObjectNode> activate(Resolved target, ObjectNode params, String activationId, String cause) {
        ObjectNode action = target.action();
        ObjectNode merged = boundParameters(target);
        merged.setAll(params);
        Instant start = Instant.now();
        String kind = action.path("exec").path("kind").asString();
        Mono<Result> result = ActionRuntimes.SEQUENCE.equals(kind)
                ? runSequence(action, merged, activationId)
                : runProcess(target, merged, activationId, start);
        return result.map(outcome -> record(action, activationId, cause, start, outcome))
                .doOnNext(store);
    }

    /** The non-init parameters bound to the package and the action, the action's winning. */
    static ObjectNode boundParameters(Resolved target) {
        ObjectNode bound = Json.object();
        if (target.pkg() != null) {
            addParameters(bound, target.pkg().path("parameters"), false);
        }
        addParameters(bound, target.action().path("parameters"), false);
        return bound;
    }

    private static void addParameters(ObjectNode into, JsonNode parameters, boolean init) {
        for (JsonNode parameter : parameters) {
            if (parameter.path("init").asBoolean(false) == init && parameter.has("key")) {
                into.set(parameter.get("key").asString(), parameter.path("value").deepCopy());
            }
        }
    }

    private Mono<Result> runProcess(Resolved target, ObjectNode params, String activationId, Instant start) {
        ObjectNode action = target.action();
        JsonNode exec = action.path("exec");
        String kind = exec.path("kind").asString();
        Map<String, String> env = new HashMap<>();
        ObjectNode initParams = Json.object();
        addParameters(initParams, action.path("parameters"), true);
        initParams.properties().forEach(entry -> env.put(entry.getKey(),
                entry.getValue().isString() ? entry.getValue().stringValue() : Json.text(entry.getValue())));
        long timeoutMs = action.path("limits").path("timeout").asLong(60_000);
        String fullName = '/' + action.path("namespace").asString() + '/' + action.path("name").asString();
        env.put("__OW_ACTIVATION_ID", activationId);
        env.put("__OW_ACTION_NAME", fullName);
        env.put("__OW_ACTION_VERSION", action.path("version").asString());
        env.put("__OW_NAMESPACE", action.path("namespace").asString().split("/")[0]);
        env.put("__OW_API_HOST", apiHost);
        env.put("__OW_TRANSACTION_ID", Ids.hex32());
        env.put("__OW_DEADLINE", Long.toString(start.toEpochMilli() + timeoutMs));
        if (annotation(action, "provide-api-key").asBoolean(false)) {
            env.put("__OW_API_KEY", apiKey);
        }
        if (options.gatewayUrl() != null) {
            env.put("FAASFED_GATEWAY_URL", options.gatewayUrl());
        }
        byte[] stdin = Json.write(params);
        Duration timeout = Duration.ofMillis(timeoutMs);
        if (ActionRuntimes.BLACKBOX.equals(kind)) {
            String image = exec.path("image").asString();
            return options.catalog().resolve(image, env)
                    .map(command -> runner.run(new ProcessCall(command, env, stdin, timeout, false))
                            .map(outcome -> interpret(outcome, timeoutMs)))
                    .orElseGet(() -> Mono.just(Result.failed(DEVELOPER_ERROR, "The image " + image + " is not in the "
                            + "sandbox catalog and the action sets no fprocess init parameter.")));
        }
        if (!runtimes.supports(kind)) {
            return Mono.just(Result.failed(WHISK_ERROR, "The runtime for kind " + kind + " is not available."));
        }
        String main = exec.path("main").asString("main");
        return Mono.fromCallable(() -> runtimes.writeCode(kind, exec.path("code").asString()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(codeFile -> runner.run(new ProcessCall(runtimes.command(kind, codeFile, main), env, stdin,
                                timeout, false))
                        .map(outcome -> interpret(outcome, timeoutMs))
                        .doFinally(signal -> deleteQuietly(codeFile)));
    }

    private Mono<Result> runSequence(ObjectNode action, ObjectNode params, String activationId) {
        List<String> components = new ArrayList<>();
        action.path("exec").path("components").forEach(component -> components.add(component.asString()));
        List<String> childIds = new ArrayList<>();
        Mono<Result> chain = Mono.just(new Result(SUCCESS, params, List.of()));
        for (String component : components) {
            chain = chain.flatMap(previous -> {
                if (previous.statusCode() != SUCCESS) {
                    return Mono.just(previous);
                }
                Optional<Resolved> resolved = lookup.apply(component);
                if (resolved.isEmpty()) {
                    return Mono.just(Result.failed(APPLICATION_ERROR, "Sequence component does not exist."));
                }
                String childId = Ids.hex32();
                childIds.add(childId);
                return activate(resolved.get(), (ObjectNode) previous.result(), childId, activationId)
                        .map(child -> new Result(child.path("response").path("statusCode").asInt(),
                                child.path("response").path("result"), List.of()));
            });
        }
        return chain.map(last -> new Result(last.statusCode(), last.result(), List.copyOf(childIds)));
    }

    private Result interpret(ProcessOutcome outcome, long timeoutMs) {
        List<String> logs = new ArrayList<>();
        String now = Instant.now().toString();
        outcome.stderrText().lines().forEach(line -> logs.add(now + " stderr: " + line));
        return switch (outcome.status()) {
            case TIMED_OUT -> new Result(DEVELOPER_ERROR,
                    error("The action exceeded its time limits of " + timeoutMs + " milliseconds."), logs);
            case OUTPUT_TOO_LARGE -> new Result(DEVELOPER_ERROR, error("The action produced a response that exceeded "
                    + "the allowed length: more than " + options.maxOutputBytes() + " bytes."), logs);
            case NOT_STARTED -> new Result(WHISK_ERROR, error(outcome.message()), logs);
            case EXITED -> fromOutput(outcome, logs, now);
        };
    }

    private static Result fromOutput(ProcessOutcome outcome, List<String> logs, String now) {
        String stdout = outcome.stdoutText();
        List<String> lines = stdout.lines().filter(line -> !line.isBlank()).toList();
        JsonNode result = parseQuietly(stdout.trim());
        if (result == null && !lines.isEmpty()) {
            result = parseQuietly(lines.get(lines.size() - 1));
            lines.subList(0, lines.size() - 1).forEach(line -> logs.add(now + " stdout: " + line));
        }
        if (outcome.exitCode() != 0) {
            if (result instanceof ObjectNode object && object.has("error")) {
                return new Result(APPLICATION_ERROR, object, logs);
            }
            String message = outcome.stderrText().isBlank() ? stdout.trim() : outcome.stderrText().trim();
            return new Result(APPLICATION_ERROR,
                    error(message.isEmpty() ? "The action exited with status " + outcome.exitCode() + "." : message),
                    logs);
        }
        if (result == null) {
            return new Result(DEVELOPER_ERROR, error("The action did not produce a valid JSON response: "
                    + abbreviate(stdout.trim())), logs);
        }
        if (!result.isObject()) {
            return new Result(DEVELOPER_ERROR, error("The action did not return a dictionary."), logs);
        }
        return new Result(result.has("error") ? APPLICATION_ERROR : SUCCESS, result, logs);
    }

    private ObjectNode record(ObjectNode action, String activationId, String cause, Instant start, Result result) {
        Instant end = Instant.now();
        ObjectNode record = Json.object();
        String namespace = action.path("namespace").asString();
        record.put("namespace", namespace.split("/")[0]);
        record.put("name", action.path("name").asString());
        record.put("version", action.path("version").asString());
        record.put("subject", subject);
        record.put("activationId", activationId);
        if (cause != null) {
            record.put("cause", cause);
        }
        record.put("start", start.toEpochMilli());
        record.put("end", end.toEpochMilli());
        record.put("duration", Math.max(0, end.toEpochMilli() - start.toEpochMilli()));
        record.put("statusCode", result.statusCode());
        ObjectNode response = record.putObject("response");
        response.put("status", STATUS.get(result.statusCode()));
        response.put("statusCode", result.statusCode());
        response.put("success", result.statusCode() == SUCCESS);
        response.set("result", result.result());
        response.put("size", Json.write(result.result()).length);
        ArrayNode logs = record.putArray("logs");
        result.logs().forEach(logs::add);
        ArrayNode annotations = record.putArray("annotations");
        annotations.add(keyValue("path", namespace + '/' + action.path("name").asString()));
        annotations.add(keyValue("kind", action.path("exec").path("kind").asString()));
        annotations.add(Json.object().put("key", "limits").set("value", action.path("limits").deepCopy()));
        annotations.add(Json.object().put("key", "waitTime").put("value", 0));
        if (ActionRuntimes.SEQUENCE.equals(action.path("exec").path("kind").asString())) {
            annotations.add(Json.object().put("key", "topmost").put("value", cause == null));
        }
        record.put("publish", false);
        return record;
    }

    static JsonNode annotation(ObjectNode entity, String key) {
        for (JsonNode annotation : entity.path("annotations")) {
            if (key.equals(annotation.path("key").asString())) {
                return annotation.path("value");
            }
        }
        return Json.MAPPER.missingNode();
    }

    static ObjectNode keyValue(String key, String value) {
        return Json.object().put("key", key).put("value", value);
    }

    static ObjectNode error(String message) {
        return Json.object().put("error", message);
    }

    private static JsonNode parseQuietly(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (Json.BadJson notJson) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the work folder is removed when the emulator closes
        }
    }

    /** An activation's outcome before it becomes a record. */
    record Result(int statusCode, JsonNode result, List<String> logs) {

        static Result failed(int statusCode, String message) {
            return new Result(statusCode, error(message), List.of());
        }
    }
}

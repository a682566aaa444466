package io.faasfed.emulator.openwhisk;

import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs activations: an action on a warm or new {@link ActionContainer} (the envelope on stdin, the result from fd 3,
 * stdout and stderr as logs), or a sequence's components one after the other, and turns the outcome into an
 * activation record as the controller stores it — {@code response.status} one of
 * {@code success}, {@code application error}, {@code action developer error}, {@code whisk internal error}. In
 * container mode ({@link EmulatorOptions#containers()}) blackbox actions run through {@link ContainerActivations}
 * instead, and code kinds are refused with a developer error.
 */
final class ActionExecutor {

    static final int SUCCESS = 0;
    static final int APPLICATION_ERROR = 1;
    static final int DEVELOPER_ERROR = 2;
    static final int WHISK_ERROR = 3;

    /** An action with the package it is in ({@code null} for none). */
    record Resolved(ObjectNode action, ObjectNode pkg) {
    }

    private final EmulatorOptions options;
    private final ActionRuntimes runtimes;
    private final ActionContainers containers;
    private final String apiHost;
    /** Container mode; null in process mode. */
    private final ContainerActivations containerMode;

    ActionExecutor(EmulatorOptions options, ActionRuntimes runtimes, ActionContainers containers, String apiHost,
                   ContainerActivations containerMode) {
        this.options = options;
        this.runtimes = runtimes;
        this.containers = containers;
        this.apiHost = apiHost;
        this.containerMode = containerMode;
    }

    /** Removes what runs the deleted {@code action} (its container in container mode). */
    Mono<Void> forget(ObjectNode action) {
        if (containerMode == null) {
            return Mono.empty();
        }
        return containerMode.forget('/' + action.path("namespace").asString() + '/' + action.path("name").asString());
    }

    /**
     * Runs one activation of an action of {@code owner}'s namespace, as that namespace's owner (the key an action may
     * be given is the owner's), and stores its record there when it ends; {@code params} are the invocation's own
     * parameters, laid over the package's and the action's bound ones.
     */
    Mono<ObjectNode> activate(WhiskState owner, Resolved target, ObjectNode params, String activationId,
                              String cause) {
        ObjectNode action = target.action();
        ObjectNode merged = boundParameters(target);
        merged.setAll(params);
        Instant start = Instant.now();
        String kind = action.path("exec").path("kind").asString();
        Mono<Result> result = ActionRuntimes.SEQUENCE.equals(kind)
                ? runSequence(owner, action, merged, activationId)
                : runProcess(owner, target, merged, activationId, start);
        return result.map(outcome -> ActivationRecords.record(action, owner.credentials().username(), activationId,
                        cause, start, outcome))
                .doOnNext(owner::storeActivation);
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

    private Mono<Result> runProcess(WhiskState owner, Resolved target, ObjectNode params, String activationId,
                                    Instant start) {
        ObjectNode action = target.action();
        JsonNode exec = action.path("exec");
        String kind = exec.path("kind").asString();
        Map<String, String> env = new HashMap<>();
        ObjectNode initParams = Json.object();
        addParameters(initParams, action.path("parameters"), true);
        initParams.properties().forEach(entry -> env.put(entry.getKey(),
                entry.getValue().isString() ? entry.getValue().stringValue() : Json.text(entry.getValue())));
        env.put("__OW_API_HOST", apiHost);
        if (options.gatewayUrl() != null) {
            env.put("FAASFED_GATEWAY_URL", options.gatewayUrl());
        }
        long timeoutMs = action.path("limits").path("timeout").asLong(60_000);
        ObjectNode envelope = envelope(owner, action, params, activationId, start.toEpochMilli() + timeoutMs);
        long logLimit = action.path("limits").path("logs").asLong(10) * 1024 * 1024;
        if (containerMode != null) {
            return ActionRuntimes.BLACKBOX.equals(kind)
                    ? containerMode.run(action, initParams, envelope, timeoutMs, logLimit, start)
                    : Mono.just(Result.failed(DEVELOPER_ERROR, ContainerActivations.codeKindRefused(kind)));
        }
        Optional<Launcher> launcher;
        if (ActionRuntimes.BLACKBOX.equals(kind)) {
            String image = exec.path("image").asString();
            launcher = options.catalog().resolve(image, env)
                    .map(command -> container -> new ActionContainer.Launch(command, env, false));
            if (launcher.isEmpty()) {
                return Mono.just(Result.failed(DEVELOPER_ERROR, "The image " + image + " is not in the sandbox "
                        + "catalog and the action sets no fprocess init parameter."));
            }
        } else if (!runtimes.runnable(kind)) {
            return Mono.just(Result.failed(WHISK_ERROR, "The emulator has no local runtime for kind " + kind
                    + " (nodejs:* needs node and python:* needs python3 on the PATH)."));
        } else {
            String main = exec.path("main").asString("main");
            launcher = Optional.of(container -> {
                Path code = runtimes.writeCode(kind, exec.path("code").asString());
                container.own(code);
                return new ActionContainer.Launch(runtimes.command(kind, code, main), env, true);
            });
        }
        Activation activation = new Activation(action, envelope, launcher.get(), logLimit);
        return Mono.fromCallable(activation::run)
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofMillis(timeoutMs), Mono.fromCallable(() -> activation.timedOut(timeoutMs))
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    /** The line the invoker sends to {@code /run}: the parameters under {@code value} and the activation's context. */
    private ObjectNode envelope(WhiskState owner, ObjectNode action, ObjectNode params, String activationId,
                                long deadline) {
        ObjectNode envelope = Json.object();
        envelope.set("value", params);
        envelope.put("namespace", action.path("namespace").asString().split("/")[0]);
        envelope.put("action_name", '/' + action.path("namespace").asString() + '/' + action.path("name").asString());
        envelope.put("action_version", action.path("version").asString());
        envelope.put("activation_id", activationId);
        envelope.put("transaction_id", Ids.hex32());
        envelope.put("deadline", Long.toString(deadline));
        // ContainerProxy treats a missing provide-api-key annotation as true (isTruthy with valueForNonExistent =
        // true); the key is the invoking identity's: the owner of the namespace, the only key that reaches it here.
        JsonNode provideApiKey = annotation(action, "provide-api-key");
        if (provideApiKey.isMissingNode() || truthy(provideApiKey)) {
            envelope.put("api_key", owner.credentials().joined());
        }
        return envelope;
    }

    /** Makes the launch of a new container (writing the action's code where the container keeps it). */
    @FunctionalInterface
    private interface Launcher {
        ActionContainer.Launch launch(ActionContainer container) throws IOException;
    }

    /** One activation on a warm or new container; blocking, run on boundedElastic. */
    private final class Activation {

        private final ObjectNode action;
        private final ObjectNode envelope;
        private final Launcher launcher;
        private final long logLimit;
        private final String key;
        private final String revision;
        private volatile ActionContainer container;
        private volatile boolean initialising;

        Activation(ObjectNode action, ObjectNode envelope, Launcher launcher, long logLimit) {
            this.action = action;
            this.envelope = envelope;
            this.launcher = launcher;
            this.logLimit = logLimit;
            this.key = envelope.path("action_name").asString();
            this.revision = action.path("version").asString() + '@' + action.path("updated").asLong();
        }

        Result run() throws IOException {
            Optional<ActionContainer> warm = containers.take(key, revision);
            ActionContainer used = warm.isPresent() ? warm.get()
                    : containers.create(runtimes.workDir(), options.maxOutputBytes());
            container = used;
            if (warm.isEmpty()) {
                initialising = true;
                ActionContainer.Answer init = used.init(launcher.launch(used));
                initialising = false;
                if (init.status() != 200) {
                    List<String> logs = used.drainLogs(logLimit);
                    containers.release(key, revision, used, false);
                    return new Result(DEVELOPER_ERROR, init.body(), logs);
                }
            }
            ActionContainer.Answer answer = used.run(envelope);
            List<String> logs = used.drainLogs(logLimit);
            Result result = fromAnswer(answer, logs);
            containers.release(key, revision, used, result.statusCode() == SUCCESS
                    || result.statusCode() == APPLICATION_ERROR);
            return result;
        }

        Result timedOut(long timeoutMs) {
            ActionContainer used = container;
            List<String> logs = used == null ? List.of() : used.drainLogs(logLimit);
            if (used != null) {
                used.close();
            }
            return new Result(DEVELOPER_ERROR, error("The action exceeded its time limits of " + timeoutMs
                    + " milliseconds" + (initialising ? " during initialization." : ".")), logs);
        }
    }

    /** The invoker's reading of a {@code /run} answer (ActivationResponse.processRunResponseContent). */
    static Result fromAnswer(ActionContainer.Answer answer, List<String> logs) {
        JsonNode body = answer.body();
        if (answer.status() != 200) {
            return new Result(DEVELOPER_ERROR, body.has("error") ? body : error("The action did not produce a valid "
                    + "response and exited unexpectedly."), logs);
        }
        if (body instanceof ObjectNode object && object.has("error")) {
            return new Result(APPLICATION_ERROR, object, logs);
        }
        return new Result(SUCCESS, body, logs);
    }

    private Mono<Result> runSequence(WhiskState owner, ObjectNode action, ObjectNode params, String activationId) {
        List<String> components = new ArrayList<>();
        action.path("exec").path("components").forEach(component -> components.add(component.asString()));
        List<String> childIds = new ArrayList<>();
        Mono<Result> chain = Mono.just(new Result(SUCCESS, params, List.of()));
        for (String component : components) {
            chain = chain.flatMap(previous -> {
                if (previous.statusCode() != SUCCESS || !previous.result().isObject()) {
                    return Mono.just(previous);
                }
                Optional<Resolved> resolved = owner.resolveFullyQualified(component);
                if (resolved.isEmpty()) {
                    return Mono.just(Result.failed(APPLICATION_ERROR, "Sequence component does not exist."));
                }
                String childId = Ids.hex32();
                childIds.add(childId);
                return activate(owner, resolved.get(), (ObjectNode) previous.result(), childId, activationId)
                        .map(child -> new Result(child.path("response").path("statusCode").asInt(),
                                child.path("response").path("result"), List.of()));
            });
        }
        return chain.map(last -> new Result(last.statusCode(), last.result(), List.copyOf(childIds)));
    }

    /** The controller's {@code Parameters.isTruthy}: false, 0, "" and null are false, anything else true. */
    static boolean truthy(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        if (value.isString()) {
            return !value.stringValue().isEmpty();
        }
        return !value.isNull() && !value.isMissingNode();
    }

    static JsonNode annotation(ObjectNode entity, String key) {
        for (JsonNode annotation : entity.path("annotations")) {
            if (key.equals(annotation.path("key").asString())) {
                return annotation.path("value");
            }
        }
        return Json.MAPPER.missingNode();
    }


    static ObjectNode error(String message) {
        return Json.object().put("error", message);
    }

    /** An activation's outcome before it becomes a record. */
    record Result(int statusCode, JsonNode result, List<String> logs) {

        static Result failed(int statusCode, String message) {
            return new Result(statusCode, error(message), List.of());
        }
    }
}

package io.faasfed.emulator.openwhisk;

import static io.faasfed.emulator.openwhisk.ActionExecutor.APPLICATION_ERROR;
import static io.faasfed.emulator.openwhisk.ActionExecutor.DEVELOPER_ERROR;
import static io.faasfed.emulator.openwhisk.ActionExecutor.SUCCESS;
import static io.faasfed.emulator.openwhisk.ActionExecutor.WHISK_ERROR;
import static io.faasfed.emulator.openwhisk.ActionExecutor.error;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.container.ContainerMode;
import io.faasfed.emulator.container.FunctionContainer;
import io.faasfed.emulator.container.FunctionContainerSpec;
import io.faasfed.emulator.container.FunctionContainers;
import io.faasfed.emulator.container.FunctionResponse;
import io.faasfed.emulator.container.FunctionTimedOut;
import io.faasfed.emulator.container.FunctionUnavailable;
import io.faasfed.emulator.openwhisk.ActionContainer.Answer;
import io.faasfed.emulator.openwhisk.ActionExecutor.Result;
import io.faasfed.network.Engine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Container mode of the OpenWhisk emulator, as the invoker with its Docker container factory runs a blackbox action:
 * one container per action revision made from {@code exec.image} through {@link FunctionContainers} on the configured
 * network ({@code CONFIG_whisk_containerFactory_containerArgs_network}; the engine's {@code bridge} when none is set),
 * with {@code __OW_API_HOST} (and {@code FAASFED_GATEWAY_URL} when the options have a gateway URL) in its environment;
 * {@code POST /init} once per container with {@code {"value":{"name","main","binary","code"?,"env"}}} (the init
 * parameters as strings and the activation's {@code __OW_*} context, as {@code ContainerProxy} sends it), then
 * {@code POST /run} with the envelope {@link ActionExecutor} builds. Answers are read by the same rules as process
 * mode ({@link ActionExecutor#fromAnswer}); a container that answered a developer or whisk error, or timed out, is
 * destroyed as the invoker destroys it, and an updated action (its version is a label of the container, so the spec's
 * revision changes) gets a new container on its next activation. Concurrent activations of one action share its
 * container (faasfed's watchdog forks per connection), where the invoker would make more containers.
 *
 * <p><b>Init parameters are also the container's environment.</b> A real action proxy exports {@code /init}'s
 * {@code value.env} to the action's process; faasfed's busybox watchdog cannot parse JSON, so the init parameters are
 * set as the container's own environment when it is made, and still sent in {@code /init}. An image with a real
 * action proxy behaves the same; only a process that looks at its environment before {@code /init} sees them earlier
 * than on OpenWhisk. Keys that cannot be environment names (empty, or with {@code =}) go to {@code /init} only.
 *
 * <p><b>Activation logs</b> are read from the container's log through the Engine API
 * ({@code GET /containers/{id}/logs?stdout=1&stderr=1&timestamps=1&since=<start>}), in the log's order, from the
 * activation's start (to the nanosecond, by the engine's timestamps) until both streams' sentinel
 * {@value #SENTINEL} came, at most {@code limits.logs} bytes (then the invoker's truncation line), each line in the
 * invoker's format {@code <engine time> <stream>: <line>}. The invoker reads from a byte offset into the log file
 * instead; with activations that overlap on one container (which OpenWhisk never does at concurrency 1) lines of the
 * other activation may be picked. An image that prints no sentinel gets what its log holds after a short wait.
 *
 * <p>Only blackbox actions run here: there are no runtime images for code kinds, which answer a developer error
 * saying so.
 */
final class ContainerActivations implements AutoCloseable {

    /** The line the action proxy prints on stdout and stderr at the end of each activation. */
    static final String SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX";

    /** The label with the action's version and update time: a changed action gets a new container. */
    static final String ACTION_REVISION_LABEL = "io.faasfed.openwhisk.action-revision";

    private static final Logger log = LoggerFactory.getLogger(ContainerActivations.class);

    private static final List<Map.Entry<String, String>> JSON = List.of(Map.entry("Content-Type", "application/json"));
    private static final Duration SENTINEL_WAIT = Duration.ofSeconds(3);
    private static final Duration LOG_POLL = Duration.ofMillis(100);

    private final Engine engine;
    private final FunctionContainers containers;
    private final String network;
    private final String apiHost;
    private final String gatewayUrl;
    /** The {@code /init} of each container (by id), shared by the activations that find it uninitialised. */
    private final Map<String, Init> initialised = new ConcurrentHashMap<>();

    private record Init(String key, Mono<Answer> answer) {
    }

    private ContainerActivations(Engine engine, FunctionContainers containers, String network, String apiHost,
            String gatewayUrl) {
        this.engine = engine;
        this.containers = containers;
        this.network = network;
        this.apiHost = apiHost;
        this.gatewayUrl = gatewayUrl;
    }

    /**
     * Container mode for an emulator whose API is at {@code apiHost}: connects to the engine and removes the
     * containers an earlier run of the same owner left.
     */
    static ContainerActivations start(EmulatorOptions options, String apiHost) {
        ContainerMode mode = options.containers();
        FunctionContainers containers = FunctionContainers.open(mode, "openwhisk", options.maxOutputBytes());
        Engine engine = containers.engine();
        return new ContainerActivations(engine, containers, mode.network() != null ? mode.network() : "bridge",
                apiHost, options.gatewayUrl());
    }

    /** The message for an action of a code kind, which container mode cannot run. */
    static String codeKindRefused(String kind) {
        return "The emulator runs actions in container mode, which runs blackbox (docker) actions only: kind " + kind
                + " needs a runtime image this emulator does not have. Deploy the action with exec {\"kind\":"
                + "\"blackbox\",\"image\":...} and an image that answers /init and /run, or run code actions with the "
                + "emulator in process mode (without container mode).";
    }

    /**
     * Runs one activation of the blackbox {@code action}: its container (made or warm), {@code /init} once, then
     * {@code /run} with {@code envelope}; never fails, every outcome is a {@link Result}.
     */
    Mono<Result> run(ObjectNode action, ObjectNode initParams, ObjectNode envelope, long timeoutMs, long logLimit,
            Instant start) {
        String key = envelope.path("action_name").asString();
        FunctionContainerSpec spec = spec(key, action, initParams);
        Duration timeout = Duration.ofMillis(timeoutMs);
        return containers.ensure(spec)
                .flatMap(container -> activate(container, action, initParams, envelope, timeout, logLimit, start))
                .onErrorResume(failure -> startFailure(spec, failure));
    }

    /** Removes the container of the action {@code /ns/[pkg/]name} (deleted). */
    Mono<Void> forget(String key) {
        initialised.values().removeIf(init -> init.key().equals(key));
        return containers.removeQuietly(key);
    }

    @Override
    public void close() {
        try {
            containers.close();
        } finally {
            initialised.clear();
        }
    }

    private FunctionContainerSpec spec(String key, ObjectNode action, ObjectNode initParams) {
        Map<String, String> env = new LinkedHashMap<>();
        initParams.properties().forEach(entry -> {
            if (!entry.getKey().isEmpty() && entry.getKey().indexOf('=') < 0 && entry.getKey().indexOf('\0') < 0) {
                env.put(entry.getKey(), stringified(entry.getValue()));
            }
        });
        env.put("__OW_API_HOST", apiHost);
        if (gatewayUrl != null) {
            env.put("FAASFED_GATEWAY_URL", gatewayUrl);
        }
        Map<String, String> labels = Map.of(ACTION_REVISION_LABEL,
                action.path("version").asString() + '@' + action.path("updated").asLong());
        return new FunctionContainerSpec(key, containerName(key), action.path("exec").path("image").asString(), env,
                network, List.of(), labels);
    }

    /** {@code <owner>_<ns>_<pkg>_<name>_<hash>}: readable, unique per action, a valid container name. */
    private String containerName(String key) {
        String readable = key.replaceFirst("^/", "").replaceAll("[^a-zA-Z0-9_.-]", "_");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        return containers.settings().owner() + '_' + readable + '_'
                + String.format("%08x", key.hashCode());
    }

    private Mono<Result> activate(FunctionContainer container, ObjectNode action, ObjectNode initParams,
            ObjectNode envelope, Duration timeout, long logLimit, Instant start) {
        // Containers of an older revision of this action are gone: forget their /init.
        initialised.entrySet().removeIf(entry -> entry.getValue().key().equals(container.key())
                && !entry.getKey().equals(container.id()));
        Init init = initialised.computeIfAbsent(container.id(), id -> new Init(container.key(),
                containers.call(container, "POST", "/init", JSON, Json.write(initBody(action, initParams, envelope)),
                        timeout).map(ContainerActivations::answer).cache()));
        return init.answer()
                .flatMap(initAnswer -> initAnswer.status() == 200
                        ? runOnce(container, envelope, timeout, logLimit, start)
                        : failed(container, new Result(DEVELOPER_ERROR, initError(initAnswer), List.of()), logLimit,
                                start))
                .onErrorResume(failure -> failed(container, new Result(DEVELOPER_ERROR,
                        callFailure(failure, timeout, true), List.of()), logLimit, start));
    }

    private Mono<Result> runOnce(FunctionContainer container, ObjectNode envelope, Duration timeout, long logLimit,
            Instant start) {
        return containers.call(container, "POST", "/run", JSON, Json.write(envelope), timeout)
                .map(ContainerActivations::answer)
                .flatMap(answer -> logs(container, start, logLimit)
                        .map(logs -> ActionExecutor.fromAnswer(answer, logs)))
                .flatMap(result -> result.statusCode() == SUCCESS || result.statusCode() == APPLICATION_ERROR
                        ? Mono.just(result) : destroy(container).thenReturn(result))
                .onErrorResume(failure -> failed(container, new Result(DEVELOPER_ERROR,
                        callFailure(failure, timeout, false), List.of()), logLimit, start));
    }

    /** A failed activation: its logs added, its container destroyed (the invoker destroys it after such an error). */
    private Mono<Result> failed(FunctionContainer container, Result result, long logLimit, Instant start) {
        return logs(container, start, logLimit)
                .map(logs -> new Result(result.statusCode(), result.result(), logs))
                .flatMap(withLogs -> destroy(container).thenReturn(withLogs));
    }

    private Mono<Void> destroy(FunctionContainer container) {
        containers.invalidate(container);
        initialised.remove(container.id());
        return engine.json("remove action container " + container.name(), "DELETE",
                        "/containers/" + container.id() + "?force=true&v=true", null)
                .then()
                .onErrorResume(failure -> Mono.empty());
    }

    /**
     * The invoker's message for an {@code /init} or {@code /run} that got no answer: its timeout, an answer too
     * large, or a connection that failed (the container exited or is not there).
     */
    private static JsonNode callFailure(Throwable failure, Duration timeout, boolean init) {
        if (failure instanceof FunctionTimedOut) {
            return error("The action exceeded its time limits of " + timeout.toMillis() + " milliseconds"
                    + (init ? " during initialization." : "."));
        }
        String message = String.valueOf(failure.getMessage());
        int more = message.indexOf("answered more than ");
        if (failure instanceof FunctionUnavailable && more >= 0) {
            return error("The action produced a response that exceeded the allowed length: more than "
                    + message.substring(more + "answered more than ".length()).replace(" bytes", "") + " bytes.");
        }
        log.info("Action container call failed: {}", message);
        return error(init ? "The action did not initialize and exited unexpectedly."
                : "The action did not produce a valid response and exited unexpectedly.");
    }

    /**
     * A container that could not be made: the invoker's {@code BlackboxStartupError} (a developer error) when the
     * image is not there, else its {@code WhiskContainerStartupError} (a whisk error).
     */
    private Mono<Result> startFailure(FunctionContainerSpec spec, Throwable failure) {
        log.warn("No container for action {}: {}", spec.key(), failure.getMessage());
        return engine.json("inspect image " + spec.image(), "GET",
                        "/images/" + URLEncoder.encode(spec.image(), StandardCharsets.UTF_8).replace("%2F", "/")
                                .replace("%3A", ":") + "/json", null)
                .map(found -> Result.failed(WHISK_ERROR, "Failed to provision resources to run the action."))
                .onErrorResume(missing -> Mono.just(Result.failed(DEVELOPER_ERROR,
                        "Failed to pull container image '" + spec.image() + "'.")));
    }

    /** The {@code /init} body of {@code ContainerProxy}: the init parameters and the {@code __OW_*} context. */
    static ObjectNode initBody(ObjectNode action, ObjectNode initParams, ObjectNode envelope) {
        JsonNode exec = action.path("exec");
        ObjectNode value = Json.object();
        value.put("name", action.path("name").asString());
        value.put("binary", exec.path("binary").asBoolean(false));
        value.put("main", exec.path("main").asString("main"));
        if (exec.hasNonNull("code")) {
            value.put("code", exec.path("code").asString());
        }
        ObjectNode env = value.putObject("env");
        initParams.properties().forEach(entry -> env.put(entry.getKey(), stringified(entry.getValue())));
        envelope.properties().forEach(entry -> {
            if (!"value".equals(entry.getKey())) {
                env.put("__OW_" + entry.getKey().toUpperCase(Locale.ROOT), stringified(entry.getValue()));
            }
        });
        ObjectNode body = Json.object();
        body.set("value", value);
        return body;
    }

    /** A JSON value as the invoker passes it in {@code env}: strings as they are, anything else as JSON text. */
    private static String stringified(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        return value.isNull() ? "" : Json.text(value);
    }

    /** The answer of the container as the process-mode proxy's {@link Answer}. */
    static Answer answer(FunctionResponse response) {
        String text = response.text();
        try {
            JsonNode body = Json.parse(response.body());
            if (body != null && (body.isObject() || body.isArray())) {
                return new Answer(response.status(), body);
            }
        } catch (Json.BadJson notJson) {
            // below
        }
        // ActivationResponse.invalidRunResponse
        return new Answer(response.status() == 200 ? 502 : response.status(),
                error("The action did not produce a valid JSON response: " + text.strip()));
    }

    /** A failed {@code /init}: its {@code error} when it has one (ActivationResponse.processInitResponseContent). */
    private static JsonNode initError(Answer answer) {
        if (answer.body() instanceof ObjectNode object && object.has("error")) {
            return object;
        }
        return error("The action failed during initialization: " + Json.text(answer.body()));
    }

    // ---- logs ----

    /** The activation's log lines (see the class comment); never fails, at worst empty. */
    private Mono<List<String>> logs(FunctionContainer container, Instant start, long limitBytes) {
        AtomicReference<ActivationLog> last = new AtomicReference<>(new ActivationLog(List.of(), false));
        return Mono.defer(() -> readLog(container.id(), start))
                .doOnNext(last::set)
                .flatMap(read -> read.complete() ? Mono.just(read) : Mono.error(new IncompleteLog()))
                .retryWhen(Retry.fixedDelay(SENTINEL_WAIT.toMillis() / LOG_POLL.toMillis(), LOG_POLL)
                        .filter(IncompleteLog.class::isInstance))
                .onErrorResume(failure -> Mono.just(last.get()))
                .map(read -> limited(read.lines(), limitBytes));
    }

    private Mono<ActivationLog> readLog(String id, Instant start) {
        return engine.call("read the log of action container " + id, c -> {
            List<LogLine> lines = new ArrayList<>();
            int[] sentinels = {0};
            ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    if (sentinels[0] >= 2) {
                        return;
                    }
                    String stream = frame.getStreamType() == StreamType.STDERR ? "stderr" : "stdout";
                    String payload = new String(frame.getPayload(), StandardCharsets.UTF_8);
                    for (String raw : payload.split("\n")) {
                        LogLine line = LogLine.parse(stream, raw);
                        if (line == null || line.time().isBefore(start) || sentinels[0] >= 2) {
                            continue;
                        }
                        if (line.text().contains(SENTINEL)) {
                            sentinels[0]++;
                        } else {
                            lines.add(line);
                        }
                    }
                }
            };
            try {
                c.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true)
                        .withSince((int) start.getEpochSecond())
                        .exec(callback).awaitCompletion(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ActivationLog(List.copyOf(lines), sentinels[0] >= 2);
        }).onErrorResume(failure -> Mono.just(new ActivationLog(List.of(), true)));
    }

    /** At most {@code limitBytes} of log text, then the invoker's truncation line. */
    private static List<String> limited(List<LogLine> lines, long limitBytes) {
        List<String> logs = new ArrayList<>();
        long used = 0;
        for (LogLine line : lines) {
            used += line.text().getBytes(StandardCharsets.UTF_8).length;
            if (used > limitBytes) {
                logs.add(String.format("%-30s stderr: Logs were truncated because the total bytes size exceeds the "
                        + "limit of %d bytes.", line.rawTime(), limitBytes));
                break;
            }
            logs.add(line.formatted());
        }
        return logs;
    }

    /** What one read of the log gave: the activation's lines and whether both sentinels were among them. */
    private record ActivationLog(List<LogLine> lines, boolean complete) {
    }

    /** One line of the container log, with the engine's timestamp. */
    private record LogLine(String rawTime, Instant time, String stream, String text) {

        static LogLine parse(String stream, String raw) {
            int space = raw.indexOf(' ');
            if (space <= 0) {
                return null;
            }
            try {
                String time = raw.substring(0, space);
                return new LogLine(time, Instant.parse(time), stream, raw.substring(space + 1));
            } catch (DateTimeParseException notTimestamped) {
                return null;
            }
        }

        /** The invoker's {@code LogLine.toFormattedString}: {@code f"$time%-30s $stream: ${log.trim}"}. */
        String formatted() {
            return String.format("%-30s %s: %s", rawTime, stream, text.trim());
        }
    }

    /** The log has not both sentinels yet. */
    private static final class IncompleteLog extends RuntimeException {

        private static final long serialVersionUID = 1L;

        IncompleteLog() {
            super(null, null, false, false);
        }
    }
}

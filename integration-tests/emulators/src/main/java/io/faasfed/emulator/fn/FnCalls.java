package io.faasfed.emulator.fn;

import static io.faasfed.emulator.fn.FnStore.error;
import static io.faasfed.emulator.fn.FnStore.message;

import io.faasfed.emulator.BackgroundTasks;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.EmulatorRequest;
import io.faasfed.emulator.EmulatorResponse;
import io.faasfed.emulator.Ids;
import io.faasfed.emulator.Json;
import io.faasfed.emulator.ProcessCall;
import io.faasfed.emulator.ProcessFunctionRunner;
import io.faasfed.emulator.ProcessOutcome;
import io.faasfed.emulator.WatchdogEnvironment;
import io.faasfed.emulator.container.FunctionContainerSpec;
import io.faasfed.emulator.container.FunctionResponse;
import io.faasfed.emulator.container.FunctionTimedOut;
import io.faasfed.emulator.container.FunctionUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls: {@code POST /invoke/{fnID}} (sync, or detached with {@code Fn-Invoke-Type: detached}) and any method on an
 * HTTP trigger {@code /t/{app}{source}}. Each call runs the function's process under the watchdog contract, turns its
 * output into the FDK's answer ({@link FdkResponse}) and holds that to the agent's container contract: 200 is an
 * answer, 502 is {@code function failed}, 504 a timeout, anything else {@code invalid function response}. In container
 * mode the call goes to the fn's hot container instead ({@link FnContainers}): {@code POST /call} with the agent's
 * headers ({@code Fn-Call-Id}, {@code Fn-Deadline}, and on triggers {@code Fn-Http-Method},
 * {@code Fn-Http-Request-Url}, {@code Fn-Intent} and {@code Fn-Http-H-*}); its HTTP answer is the FDK's, held to the
 * same contract, and a container that answers anything but 200, 502 or 504 is removed, as the agent kills it.
 */
final class FnCalls {

    /** Request headers a trigger does not hand to the function (fnproject/fn {@code skipTriggerHeaders}). */
    private static final Set<String> SKIPPED = Set.of("Connection", "Keep-Alive", "Trailer", "Transfer-Encoding",
            "Te", "Upgrade");

    private final FnStore store;
    private final EmulatorOptions options;
    private final ProcessFunctionRunner runner;
    private final BackgroundTasks background;
    private final Supplier<String> baseUrl;
    private final FnContainers containers;

    FnCalls(FnStore store, EmulatorOptions options, ProcessFunctionRunner runner, BackgroundTasks background,
            Supplier<String> baseUrl, FnContainers containers) {
        this.store = store;
        this.options = options;
        this.runner = runner;
        this.background = background;
        this.baseUrl = baseUrl;
        this.containers = containers;
    }

    Mono<EmulatorResponse> invoke(EmulatorRequest request) {
        ObjectNode fn = store.fns.get(request.param("id"));
        if (fn == null) {
            return error(404, "Fn not found");
        }
        String callId = Ids.fnId();
        String path = "/invoke/" + fn.get("id").asString();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.headers().forEach(headers::add);
        if ("detached".equalsIgnoreCase(request.header("Fn-Invoke-Type"))) {
            background.start(run(fn, request, callId, "detached", path, headers, false));
            return Mono.just(EmulatorResponse.empty(202).withHeader("Fn-Call-Id", callId));
        }
        return run(fn, request, callId, "sync", path, headers, false);
    }

    Mono<EmulatorResponse> trigger(EmulatorRequest request) {
        String source = request.param("source").isEmpty() ? "/" : request.param("source");
        Optional<ObjectNode> app = store.appNamed(request.param("app"));
        if (app.isEmpty()) {
            return error(404, "App not found");
        }
        String appId = app.get().get("id").asString();
        ObjectNode fn = store.triggers.values().stream()
                .filter(t -> appId.equals(t.path("app_id").asString()) && source.equals(t.path("source").asString()))
                .findFirst().map(t -> store.fns.get(t.path("fn_id").asString())).orElse(null);
        if (fn == null) {
            return error(404, "Trigger not found");
        }
        // the request's headers reach the function as Fn-Http-H-*, all but Content-Type (CONTRACTS.md lines 193, 205)
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        request.headers().forEach(header -> {
            String name = WatchdogEnvironment.canonical(header.getKey());
            if (!SKIPPED.contains(name)) {
                headers.add(Map.entry("Content-Type".equals(name) ? name : "Fn-Http-H-" + name, header.getValue()));
            }
        });
        String url = baseUrl.get() + request.path() + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        headers.add(Map.entry("Fn-Http-Method", request.method()));
        headers.add(Map.entry("Fn-Http-Request-Url", url));
        headers.add(Map.entry("Fn-Intent", "httprequest"));
        return run(fn, request, Ids.fnId(), "sync", source, headers, true);
    }

    private Mono<EmulatorResponse> run(ObjectNode fn, EmulatorRequest request, String callId, String type,
            String path, List<Map.Entry<String, String>> headers, boolean trigger) {
        ObjectNode app = store.apps.getOrDefault(fn.path("app_id").asString(), Json.object());
        Map<String, String> env = new HashMap<>();
        app.path("config").properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asString()));
        fn.path("config").properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asString()));
        Map<String, String> functionEnv = Map.copyOf(env);
        long timeoutSeconds = fn.path("timeout").asLong(30);
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        if (containers != null) {
            return callContainer(fn, functionEnv, request.body(), callId, deadline, headers, trigger);
        }
        env.putAll(WatchdogEnvironment.of(request.method(), path, request.rawQuery(), headers));
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
        boolean fdkHttp = "http".equals(functionEnv.get("fdk_response"));
        String contentType = Optional.ofNullable(functionEnv.get("content_type")).orElse("text/plain; charset=utf-8");
        Duration timeout = Duration.ofSeconds(Math.max(1, timeoutSeconds));
        return runner.run(new ProcessCall(command.get(), env, request.body(), timeout, false))
                .map(outcome -> answer(outcome, fdkHttp, contentType, fn, trigger).withHeader("Fn-Call-Id", callId));
    }

    /**
     * Container mode: the call on the fn's hot container. The container's env is the fn's (config and the agent's
     * {@code FN_*}), the same for every call; the call's own facts travel as headers, as the agent sends them.
     */
    private Mono<EmulatorResponse> callContainer(ObjectNode fn, Map<String, String> functionEnv, byte[] body,
            String callId, Instant deadline, List<Map.Entry<String, String>> headers, boolean trigger) {
        String fnId = fn.path("id").asString();
        Map<String, String> env = new HashMap<>(functionEnv);
        env.put("FN_APP_ID", fn.path("app_id").asString());
        env.put("FN_FN_ID", fnId);
        env.put("FN_MEMORY", fn.path("memory").asString());
        env.put("FN_TYPE", "sync");
        env.put("FN_FORMAT", "http-stream");
        if (options.gatewayUrl() != null) {
            env.put("FAASFED_GATEWAY_URL", options.gatewayUrl());
        }
        FunctionContainerSpec spec = containers.spec(fnId, fn.path("image").asString(), env);
        List<Map.Entry<String, String>> call = new ArrayList<>(headers.stream()
                .filter(h -> !"Fn-Call-Id".equalsIgnoreCase(h.getKey()) && !"Fn-Deadline".equalsIgnoreCase(h.getKey()))
                .toList());
        call.add(Map.entry("Fn-Call-Id", callId));
        call.add(Map.entry("Fn-Deadline", deadline.truncatedTo(ChronoUnit.MILLIS).toString()));
        boolean fdkHttp = "http".equals(functionEnv.get("fdk_response"));
        Duration timeout = Duration.ofSeconds(Math.max(1, fn.path("timeout").asLong(30)));
        return containers.call(spec, call, body, timeout)
                .map(answer -> {
                    Optional<FdkResponse> fdk = fdkHttp && answer.status() == 200 ? FdkResponse.parse(answer.body())
                            : Optional.of(new FdkResponse(answer.status(), answer.headers(), answer.body()));
                    if (fdk.isEmpty()) {
                        return message(502, "error receiving function response");
                    }
                    int status = fdk.get().status();
                    if (status != 200 && status != 502 && status != 504) {
                        // the agent kills a container that breaks the FDK contract
                        background.start(containers.remove(fnId));
                    }
                    return contract(fdk.get(), trigger);
                })
                .onErrorResume(FunctionTimedOut.class, timedOut -> Mono.just(message(504, "Timed out")))
                .onErrorResume(FunctionUnavailable.class, unavailable -> Mono.just(message(502, "function "
                        + fn.path("name").asString() + " could not start: " + unavailable.getMessage())))
                .map(response -> response.withHeader("Fn-Call-Id", callId));
    }

    private static EmulatorResponse answer(ProcessOutcome outcome, boolean fdkHttp, String contentType, ObjectNode fn,
            boolean trigger) {
        return switch (outcome.status()) {
            case EXITED -> outcome.exitCode() != 0 ? message(502, "function failed: exit status "
                    + outcome.exitCode() + detail(outcome.stderrText().isBlank() ? outcome.stdoutText()
                            : outcome.stderrText()))
                    : fdk(outcome, fdkHttp, contentType).map(fdk -> contract(fdk, trigger))
                            .orElseGet(() -> message(502, "error receiving function response"));
            case TIMED_OUT -> message(504, "Timed out");
            case OUTPUT_TOO_LARGE -> message(502, "function response too large: " + outcome.message());
            case NOT_STARTED -> message(502, "function " + fn.path("name").asString() + " could not start: "
                    + outcome.message());
        };
    }

    private static Optional<FdkResponse> fdk(ProcessOutcome outcome, boolean fdkHttp, String contentType) {
        return fdkHttp ? FdkResponse.parse(outcome.stdout())
                : Optional.of(FdkResponse.plain(contentType, outcome.stdout()));
    }

    /** The agent's container contract (fnproject/fn agent {@code callHotSlot}, CONTRACTS.md line 192). */
    private static EmulatorResponse contract(FdkResponse fdk, boolean trigger) {
        return switch (fdk.status()) {
            case 200 -> trigger ? fdk.asTriggerAnswer() : fdk.asInvokeAnswer();
            case 502 -> message(502, "function failed");
            case 504 -> message(504, "Timed out");
            default -> message(502, "invalid function response");
        };
    }

    private static String detail(String output) {
        String trimmed = output.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        return ": " + (trimmed.length() > 500 ? trimmed.substring(0, 500) + "…" : trimmed);
    }
}

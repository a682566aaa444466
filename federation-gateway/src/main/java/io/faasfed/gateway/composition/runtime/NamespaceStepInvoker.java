package io.faasfed.gateway.composition.runtime;

import io.faasfed.adapter.api.CallIds;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.gateway.calls.CallEntry;
import io.faasfed.gateway.calls.CallRecorder;
import io.faasfed.gateway.composition.ErrorCategory;
import io.faasfed.gateway.composition.engine.StepCall;
import io.faasfed.gateway.composition.engine.StepFailure;
import io.faasfed.gateway.composition.engine.StepInvoker;
import io.faasfed.gateway.composition.engine.StepResult;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.Placement;
import io.faasfed.gateway.registry.PlatformsUnreachableException;
import io.faasfed.gateway.registry.RegistryUnavailableException;
import io.faasfed.gateway.tracing.CallTracing;
import io.micrometer.observation.Observation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Calls a run's steps on the platforms through the federated namespace, as the composition's owner: a step's
 * function ({@code name} or {@code name.scope}) resolves only among the placements {@code visible} lets the owner
 * reach, so a composition calls nothing its tenant could not call. Each call is a POST of the step's JSON input
 * through the platform's adapter, with a call id of its own, the run's id as {@code X-Parent-Call-Id}, the nesting
 * depth, and a {@code traceparent} of its own client span, a child of the run's span. An answer below 400 is the step's output (its JSON; any other text as a
 * JSON string); 400 and above fail the step as {@code function-failed} with that status.
 */
public final class NamespaceStepInvoker implements StepInvoker {

    /** The headers of the run's caller that its steps carry on: the trace context. */
    static final java.util.List<String> CARRIED = java.util.List.of("traceparent", "tracestate", "baggage");

    private final FederatedNamespace namespace;
    private final Predicate<Placement> visible;
    private final String runId;
    private final int depth;
    private final Headers caller;
    private final CallTracing tracing;
    private final Observation.ContextView span;
    private final Duration defaultTimeout;
    private final long maxOutputBytes;
    private final JsonMapper json;
    private String tenant;
    private CallRecorder recorder = CallRecorder.NONE;

    /**
     * @param namespace      where names resolve
     * @param visible        the placements the composition's owner may call
     * @param runId          the run's call id
     * @param depth          how deep the run is nested in compositions
     * @param caller         the headers of the call that started the run (their trace context is carried on when
     *                       tracing is off)
     * @param tracing        each step's call is a client span
     * @param span           the run's span, the parent of the steps' spans; null when tracing is off
     * @param defaultTimeout a step's timeout when neither the step nor the run has one
     * @param maxOutputBytes the largest answer a step may give
     * @param json           writes inputs and reads outputs
     */
    public NamespaceStepInvoker(FederatedNamespace namespace, Predicate<Placement> visible, String runId, int depth,
                                Headers caller, CallTracing tracing, Observation.ContextView span,
                                Duration defaultTimeout, long maxOutputBytes, JsonMapper json) {
        this.tracing = tracing;
        this.span = span;
        this.namespace = namespace;
        this.visible = visible;
        this.runId = runId;
        this.depth = depth;
        this.caller = caller;
        this.defaultTimeout = defaultTimeout;
        this.maxOutputBytes = maxOutputBytes;
        this.json = json;
    }

    /**
     * Records each step's call in the call log, under the run, as {@code tenant}'s: a run's steps are its children in
     * {@code /federation/v1/calls/{run}/tree}.
     */
    public NamespaceStepInvoker recordingWith(CallRecorder value, String owner) {
        this.recorder = value;
        this.tenant = owner;
        return this;
    }

    @Override
    public Mono<StepResult> invoke(StepCall call) {
        String function = call.function();
        int dot = function.indexOf('.');
        String name = dot < 0 ? function : function.substring(0, dot);
        String scope = dot < 0 ? null : function.substring(dot + 1);
        byte[] body = json.writeValueAsBytes(call.input());
        String callId = CallIds.next();
        return namespace.route(name, scope, visible)
                .flatMap(route -> tracing.traceCall(span, route.platform().id().value(), function, callId,
                        stepSpan -> {
                    String platform = route.platform().id().value();
                    long start = System.nanoTime();
                    Instant started = Instant.now();
                    Invocation invocation = Invocation.builder(route.ref())
                            .method("POST")
                            .headers(stepSpan.applyTo(headers(callId)))
                            .body(Flux.defer(() -> Flux.just(ByteBuffer.wrap(body))))
                            .callId(callId)
                            .timeout(call.timeout() != null ? call.timeout() : defaultTimeout)
                            .build();
                    return route.platform().platform().invoke(invocation)
                            .flatMap(result -> collect(result.body(), function, platform).map(bytes -> {
                                if (result.status() >= 400) {
                                    throw new StepFailure(ErrorCategory.FUNCTION_FAILED, result.status(),
                                            "function '" + function + "' answered " + result.status()
                                                    + excerpt(bytes), platform, null);
                                }
                                return new StepResult(output(bytes), platform, result.status(), body.length,
                                        bytes.length);
                            }))
                            .onErrorMap(e -> !(e instanceof StepFailure), e -> {
                                StepFailure failure = StepFailure.of(e);
                                return failure.platform() != null ? failure : new StepFailure(failure.category(),
                                        failure.status(), failure.getMessage(), platform, e);
                            })
                            .doOnSuccess(result -> record(callId, name, platform, result.status(), started, start,
                                    stepSpan.traceId()))
                            .doOnError(StepFailure.class, failure -> record(callId, name, platform,
                                    failure.status(), started, start, stepSpan.traceId()));
                }))
                .onErrorMap(e -> e instanceof PlatformsUnreachableException || e instanceof RegistryUnavailableException,
                        e -> new StepFailure(ErrorCategory.PLATFORM_UNAVAILABLE, 503, e.getMessage(), null, e));
    }

    private void record(String callId, String function, String platform, int status, Instant started, long start,
                        String traceId) {
        if (tenant != null && recorder.enabled()) {
            recorder.record(new CallEntry(callId, tenant, runId, traceId, function, platform, status, started,
                    Duration.ofNanos(System.nanoTime() - start).toMillis(), CallEntry.SYNC));
        }
    }

    private Headers headers(String callId) {
        Headers.Builder headers = Headers.builder();
        for (String name : CARRIED) {
            caller.first(name).ifPresent(value -> headers.set(name, value));
        }
        headers.set("Content-Type", "application/json");
        headers.set("X-Call-Id", callId);
        headers.set("X-Parent-Call-Id", runId);
        headers.set(CompositionPlatform.DEPTH_HEADER, Integer.toString(depth + 1));
        return headers.build();
    }

    private Mono<byte[]> collect(Flux<ByteBuffer> body, String function, String platform) {
        return body.reduce(new ByteArrayOutputStream(), (out, buffer) -> {
            if (out.size() + buffer.remaining() > maxOutputBytes) {
                throw new StepFailure(ErrorCategory.FUNCTION_FAILED, 502, "function '" + function + "' answered more "
                        + "than " + maxOutputBytes + " bytes (faasfed.compositions.max-step-output-size)", platform,
                        null);
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.writeBytes(bytes);
            return out;
        }).map(ByteArrayOutputStream::toByteArray).defaultIfEmpty(new byte[0]);
    }

    private JsonNode output(byte[] bytes) {
        if (bytes.length == 0) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            return JsonNodeFactory.instance.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static String excerpt(byte[] bytes) {
        if (bytes.length == 0) {
            return "";
        }
        String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).strip()
                .replaceAll("\\s+", " ");
        return ": " + text;
    }
}

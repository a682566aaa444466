package io.faasfed.gateway.composition.runtime;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.Limits;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.gateway.composition.CompositionDefinition;
import io.faasfed.gateway.composition.CompositionParser;
import io.faasfed.gateway.composition.engine.Checkpoint;
import io.faasfed.gateway.composition.engine.CompositionEngine;
import io.faasfed.gateway.composition.engine.RunListener;
import io.faasfed.gateway.composition.engine.RunResult;
import io.faasfed.gateway.composition.engine.StepInvoker;
import io.faasfed.gateway.composition.engine.StepTrace;
import io.faasfed.gateway.tracing.CallTracing;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's compositions as a platform of the namespace: each saved composition is a function named as the
 * composition, in the scope named as its tenant, labelled {@value #KIND_LABEL}{@code =composition}. So they resolve,
 * list and invoke like any function ({@code /function}, {@code /async-function}, {@code /system/functions}), and a
 * composition's task can call another composition.
 *
 * <p>A call runs the composition: its request body (JSON; any other text is taken as a JSON string, nothing as null)
 * is the run's input, and the answer is the run's output as JSON with status 200. A run that fails answers 500 (504
 * when it ran out of time) with {@code {"error", "callId"}}: that is the composition's own answer, not a
 * platform failure, and the asynchronous queue does not run it again (its states' retriers decide what is retried).
 * The steps run as the composition's owner: they reach only the functions its tenant can call.
 *
 * <p>Each top-level state completed is checkpointed under the call id before the next one starts, and every step is
 * recorded for the call's trace; a call with the id of a run that stopped half way (its gateway replica died)
 * continues from its last checkpoint, so a completed top-level state never runs twice.
 */
public final class CompositionPlatform implements FaasPlatform {

    /** The label that says what kind of function a listed function is. */
    public static final String KIND_LABEL = "faasfed.kind";
    /** The label with the revision of the composition's definition. */
    public static final String REVISION_LABEL = "faasfed.composition.revision";
    /** The header that counts how deep compositions call compositions. */
    public static final String DEPTH_HEADER = "X-Faasfed-Composition-Depth";
    /** The header that says how a run ended: {@code succeeded} or {@code failed}. */
    public static final String RUN_STATUS_HEADER = "X-Faasfed-Run-Status";

    private static final Logger log = LoggerFactory.getLogger(CompositionPlatform.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PlatformId id;
    private final CompositionStore store;
    private final String operatorTenant;
    private final Function<String, StepInvokerFactory> invokers;
    private final CompositionProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final CallTracing tracing;
    private final Map<String, Parsed> definitions = new ConcurrentHashMap<>();

    /**
     * @param id             this platform's id
     * @param store          where compositions and runs are
     * @param operatorTenant the operator's tenant, whose scope is this platform's default
     * @param invokers       for a tenant, how its runs call functions
     * @param properties     the compositions' settings
     * @param json           reads inputs and writes outputs
     * @param clock          the time of run records
     * @param tracing        each run is a span continuing its caller's trace, the parent of its steps' calls
     */
    public CompositionPlatform(PlatformId id, CompositionStore store, String operatorTenant,
                               Function<String, StepInvokerFactory> invokers, CompositionProperties properties,
                               JsonMapper json, Clock clock, CallTracing tracing) {
        this.tracing = tracing;
        this.id = id;
        this.store = store;
        this.operatorTenant = operatorTenant;
        this.invokers = invokers;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Makes a tenant's step invoker for one run. */
    @FunctionalInterface
    public interface StepInvokerFactory {
        /**
         * The invoker of one run's steps.
         *
         * @param runId  the run's call id (its steps' parent call)
         * @param depth  how deep this run is nested in compositions (0 for a run called from outside)
         * @param caller the headers of the call that started the run (its trace context, when tracing is off)
         * @param span   the run's span: each step's call is a child of it; null when tracing is off
         */
        StepInvoker forRun(String runId, int depth, Headers caller, Observation.ContextView span);
    }

    @Override
    public PlatformId id() {
        return id;
    }

    @Override
    public PlatformType type() {
        return PlatformType.COMPOSITION;
    }

    /** The operator's tenant: an unqualified composition name of an operator means its compositions. */
    @Override
    public String defaultScope() {
        return operatorTenant;
    }

    /** The tenant that owns a composition in {@code scope}. */
    public String tenantOf(String scope) {
        return scope == null || scope.isBlank() ? operatorTenant : scope;
    }

    /** The scope of {@code tenant}'s compositions: null (the default scope) for the operator's. */
    public String scopeOf(String tenant) {
        return operatorTenant.equals(tenant) ? null : tenant;
    }

    /** The store of compositions and runs. */
    public CompositionStore store() {
        return store;
    }

    @Override
    public Flux<FunctionInfo> list() {
        return store.list(null).map(this::info);
    }

    @Override
    public Mono<FunctionInfo> get(FunctionRef ref) {
        return find(ref).map(this::info);
    }

    private Mono<StoredComposition> find(FunctionRef ref) {
        return store.find(tenantOf(ref.scope()), ref.name())
                .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id, ref.name())));
    }

    /** How a composition shows in the namespace. */
    public FunctionInfo info(StoredComposition stored) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KIND_LABEL, "composition");
        labels.put(REVISION_LABEL, Long.toString(stored.revision()));
        Map<String, String> annotations = new LinkedHashMap<>();
        Duration timeout = null;
        try {
            CompositionDefinition definition = definition(stored);
            timeout = definition.timeout();
            if (definition.description() != null) {
                annotations.put("description", definition.description());
            }
        } catch (RuntimeException e) {
            log.warn("composition '{}' of tenant '{}' cannot be read: {}", stored.name(), stored.tenant(),
                    e.getMessage());
        }
        return FunctionInfo.builder(stored.name(), id)
                .scope(scopeOf(stored.tenant()))
                .image("composition:" + stored.name())
                .labels(labels)
                .annotations(annotations)
                .limits(timeout == null ? Limits.none() : Limits.none().withTimeout(timeout))
                .replicas(1)
                .availableReplicas(1)
                .createdAt(stored.createdAt())
                .build();
    }

    /** The parsed definition of {@code stored}, cached per revision. */
    public CompositionDefinition definition(StoredComposition stored) {
        String key = stored.tenant() + "/" + stored.name();
        Parsed cached = definitions.get(key);
        if (cached != null && cached.revision() == stored.revision()) {
            return cached.definition();
        }
        CompositionDefinition definition = CompositionParser.parse(stored.source(),
                CompositionParser.Format.fromContentType(stored.mediaType()));
        definitions.put(key, new Parsed(stored.revision(), definition));
        return definition;
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        return Mono.error(new FaasException.InvalidSpec(id, "platform", "platform '" + id + "' holds compositions, "
                + "which are not deployed as functions: save one with PUT /federation/v1/compositions/{name} (JSON or "
                + "YAML definition), or deploy the function to another platform"));
    }

    @Override
    public Mono<Void> delete(FunctionRef ref) {
        return store.delete(tenantOf(ref.scope()), ref.name()).flatMap(deleted -> deleted ? Mono.empty()
                : Mono.error(new FaasException.FunctionNotFound(id, ref.name())));
    }

    @Override
    public Mono<Void> scale(FunctionRef ref, int replicas) {
        return Mono.error(new FaasException.UnsupportedCapability(id, Capability.SCALE, "compositions have no "
                + "replicas to scale: their steps' functions scale on their own platforms"));
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        return Mono.error(new FaasException.UnsupportedCapability(id, Capability.ASYNC_INVOKE, "call "
                + "/async-function/" + request.function() + ": the gateway's queue runs compositions asynchronously"));
    }

    @Override
    public Mono<PlatformHealth> probe() {
        long start = System.nanoTime();
        return store.list("\u0000").then(Mono.fromSupplier(() -> PlatformHealth.up(id,
                        Duration.ofNanos(System.nanoTime() - start), Map.of("kind", "compositions"))))
                .onErrorResume(e -> Mono.just(PlatformHealth.down(id, "the composition store cannot be used: "
                        + e.getMessage(), Duration.ofNanos(System.nanoTime() - start))));
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.noneOf(Capability.class);
    }

    // ---- running ------------------------------------------------------------------------------------------------

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        FunctionRef ref = new FunctionRef(request.function(), request.scope(), null);
        int depth = depthOf(request.headers());
        if (depth >= properties.getMaxDepth()) {
            return Mono.error(new FaasException.RequestRejected(id, 400, "composition '" + request.function()
                    + "' is nested " + depth + " compositions deep (faasfed.compositions.max-depth="
                    + properties.getMaxDepth() + "): does a composition call itself?"));
        }
        return find(ref).flatMap(stored -> readInput(request.body())
                .flatMap(input -> run(stored, request, input, depth)));
    }

    private static int depthOf(Headers headers) {
        String value = headers.first(DEPTH_HEADER).orElse(null);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Mono<JsonNode> readInput(Flux<ByteBuffer> body) {
        long max = properties.getMaxInputSize().toBytes();
        return body.reduce(new java.io.ByteArrayOutputStream(), (out, buffer) -> {
            if (out.size() + buffer.remaining() > max) {
                throw new FaasException.RequestRejected(id, 413, "the composition's input is larger than " + max
                        + " bytes (faasfed.compositions.max-input-size)");
            }
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.writeBytes(bytes);
            return out;
        }).map(out -> input(out.toByteArray())).defaultIfEmpty(NullNode.getInstance());
    }

    /** The run's input: the body's JSON, the body as a JSON string when it is not JSON, null when empty. */
    private JsonNode input(byte[] bytes) {
        if (bytes.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            return NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private Mono<Invocation.Result> run(StoredComposition stored, Invocation request, JsonNode input, int depth) {
        CompositionDefinition definition;
        try {
            definition = definition(stored);
        } catch (RuntimeException e) {
            return Mono.error(new FaasException.FunctionFailed(id, stored.name(), 500, Headers.empty(),
                    "the saved definition cannot be read: " + e.getMessage()));
        }
        // the caller waits at most its own timeout (faasfed.invoke.timeout, or the async call's): so does the run
        definition = definition.boundedBy(request.timeout());
        CompositionDefinition bounded = definition;
        String runId = request.callId();
        Duration ttl = properties.getRunTtl();
        Instant now = clock.instant();
        return Mono.zip(store.checkpoint(runId).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()),
                        store.run(runId).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                .flatMap(found -> {
                    Checkpoint from = found.getT1().orElse(null);
                    RunInfo previous = found.getT2().filter(info -> info.tenant().equals(stored.tenant())
                            && info.composition().equals(stored.name())).orElse(null);
                    if (previous != null && previous.ended()) {
                        // the run ended, and its caller did not learn it (a replica died before it recorded the
                        // outcome): the same answer again, nothing runs twice
                        return Mono.just(answer(previous));
                    }
                    if (previous == null) {
                        from = null;
                    } else if (from != null) {
                        log.info("run {} of '{}' resumes at state '{}' after {} step(s)", runId, stored.name(),
                                from.nextState(), from.stepsDone());
                    }
                    RunInfo info = previous == null ? RunInfo.started(runId, stored.tenant(), stored.name(),
                            stored.revision(), now) : previous.resumed();
                    Observation span = tracing.continueTrace("composition", "composition " + stored.name(),
                            tracing.propagationOf(request.headers().values()),
                            KeyValue.of(CallTracing.CALL_ID_KEY, runId),
                            KeyValue.of(CallTracing.FUNCTION_KEY, stored.name()));
                    StepInvoker invoker = invokers.apply(stored.tenant()).forRun(runId, depth, request.headers(),
                            span.isNoop() ? null : span.getContext());
                    Checkpoint start = from;
                    Mono<Void> interrupted = previous == null ? Mono.empty()
                            : markInterrupted(runId, previous.resumes(), now, ttl);
                    return interrupted.then(store.saveRun(info, ttl))
                            .then(new CompositionEngine(invoker).run(runId, bounded, input,
                                    listener(runId, info.resumes(), ttl), start))
                            .map(result -> info.ended(result, clock.instant()))
                            .flatMap(ended -> store.saveRun(ended, ttl).thenReturn(answer(ended)))
                            .doFinally(signal -> span.stop());
                });
    }

    /**
     * The steps the replica that ran before left running: they ended when it did, and the trace says so (the resumed
     * run's own steps are recorded beside them, never over them).
     */
    private Mono<Void> markInterrupted(String runId, int incarnation, Instant now, Duration ttl) {
        return store.steps(runId).filter(step -> StepTrace.RUNNING.equals(step.status()))
                .concatMap(step -> store.saveStep(runId, incarnation, new StepTrace(step.path(), step.state(),
                        step.type(), step.function(), step.platform(), StepTrace.CANCELLED, step.attempt(),
                        step.started(), now, step.inputBytes(), step.outputBytes(), "interrupted: the gateway "
                        + "replica running it stopped; the run resumed from its last checkpoint"), ttl))
                .then();
    }

    private RunListener listener(String runId, int incarnation, Duration ttl) {
        return new RunListener() {
            @Override
            public void stepStarted(StepTrace trace) {
                record(trace);
            }

            @Override
            public void stepFinished(StepTrace trace) {
                record(trace);
            }

            private void record(StepTrace trace) {
                store.saveStep(runId, incarnation, trace, ttl).subscribe(null, e -> log.debug("run {}: step {} not recorded: {}",
                        runId, trace.path(), e.toString()));
            }

            @Override
            public Mono<Void> persist(Checkpoint checkpoint) {
                return store.saveCheckpoint(runId, checkpoint, ttl);
            }
        };
    }

    private Invocation.Result answer(RunInfo run) {
        byte[] body;
        int status;
        if (RunResult.SUCCEEDED.equals(run.status())) {
            status = 200;
            body = json.writeValueAsBytes(run.output() == null ? NullNode.getInstance() : run.output());
        } else {
            String error = run.error() == null ? "failed" : run.error();
            status = error.contains(": run-timeout:") || error.contains(": timeout:") ? 504 : 500;
            ObjectNode failed = NODES.objectNode();
            failed.put("error", error);
            failed.put("callId", run.id());
            body = json.writeValueAsBytes(failed);
        }
        Headers headers = Headers.of("Content-Type", "application/json", RUN_STATUS_HEADER, run.status());
        return new Invocation.Result(status, headers, Flux.just(ByteBuffer.wrap(body)), run.id(), id);
    }

    private record Parsed(long revision, CompositionDefinition definition) {
    }
}

package io.faasfed.gateway.async;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A platform whose functions answer from a script, one step per call (the last step repeats), and that remembers
 * every call it got. With {@code nativeAsync}, it also queues calls itself ({@link #invokeAsync}) and answers their
 * results after a number of polls, as OpenWhisk's activations.
 */
final class ScriptedPlatform implements FaasPlatform {

    /** One scripted answer. */
    interface Step extends Function<Invocation, Mono<Invocation.Result>> {
    }

    private final PlatformId id;
    private final boolean nativeAsync;
    private final Map<String, Deque<Step>> scripts = new ConcurrentHashMap<>();
    private final List<Invocation> calls = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger asyncInvokes = new AtomicInteger();
    private final Map<String, Polls> activations = new ConcurrentHashMap<>();
    private final AtomicInteger activationIds = new AtomicInteger();
    private volatile int pollsBeforeResult = 2;

    ScriptedPlatform(String id, boolean nativeAsync) {
        this.id = PlatformId.of(id);
        this.nativeAsync = nativeAsync;
    }

    /** {@code name} answers these steps in turn, then its last step for ever. */
    ScriptedPlatform script(String name, Step... steps) {
        scripts.put(name, new ArrayDeque<>(List.of(steps)));
        return this;
    }

    /** How many polls of an activation answer "still running" before its result. */
    ScriptedPlatform pollsBeforeResult(int count) {
        this.pollsBeforeResult = count;
        return this;
    }

    /** Starts an activation of {@code name} as if an earlier attempt had, without counting it as an async invoke. */
    String startActivation(String name, String body) {
        String activation = "act-" + activationIds.incrementAndGet();
        Invocation call = Invocation.builder(name).body(body).build();
        activations.put(activation, new Polls(call, pollsBeforeResult));
        return activation;
    }

    static Step ok(String body) {
        return call -> Mono.just(result(200, body));
    }

    static Step echo() {
        return call -> call.body().reduce(new java.io.ByteArrayOutputStream(), (out, buffer) -> {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            out.writeBytes(bytes);
            return out;
        }).defaultIfEmpty(new java.io.ByteArrayOutputStream()).map(out -> new Invocation.Result(200,
                Headers.of("Content-Type", "text/plain"), Flux.just(ByteBuffer.wrap(out.toByteArray())),
                call.callId(), PlatformId.of("scripted")));
    }

    static Step status(int status, String body) {
        return call -> Mono.just(result(status, body));
    }

    static Step functionFailed(int status) {
        return call -> Mono.error(new FaasException.FunctionFailed(PlatformId.of("scripted"), call.function(), status,
                Headers.empty(), "failed with " + status));
    }

    static Step unavailable() {
        return call -> Mono.error(new FaasException.PlatformUnavailable(PlatformId.of("scripted"), "is down", null));
    }

    private static Invocation.Result result(int status, String body) {
        return new Invocation.Result(status, Headers.of("Content-Type", "text/plain", "X-Served-By", "script"),
                Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))), "platform-call",
                PlatformId.of("scripted"));
    }

    List<Invocation> calls() {
        return calls;
    }

    List<String> bodies() {
        return bodies;
    }

    int calls(String name) {
        return (int) calls.stream().filter(call -> call.function().equals(name)).count();
    }

    int asyncInvokes() {
        return asyncInvokes.get();
    }

    @Override
    public PlatformId id() {
        return id;
    }

    @Override
    public PlatformType type() {
        return nativeAsync ? PlatformType.OPENWHISK : PlatformType.OPENFAAS;
    }

    @Override
    public Flux<FunctionInfo> list() {
        return Flux.fromIterable(scripts.keySet()).map(name -> FunctionInfo.builder(name, id).build());
    }

    @Override
    public Mono<FunctionInfo> get(FunctionRef ref) {
        return scripts.containsKey(ref.name()) ? Mono.just(FunctionInfo.builder(ref.name(), id).build())
                : Mono.error(new FaasException.FunctionNotFound(id, ref.name()));
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<Void> delete(FunctionRef ref) {
        return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        return Mono.defer(() -> {
            Deque<Step> script = scripts.get(request.function());
            if (script == null) {
                return Mono.error(new FaasException.FunctionNotFound(id, request.function()));
            }
            calls.add(request);
            Step step;
            synchronized (script) {
                step = script.size() > 1 ? script.pollFirst() : script.peekFirst();
            }
            return readBody(request).flatMap(body -> {
                bodies.add(body);
                return step.apply(request.toBuilder().body(body).build());
            });
        });
    }

    private static Mono<String> readBody(Invocation request) {
        return request.body().reduce(new StringBuilder(), (text, buffer) -> {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return text.append(new String(bytes, StandardCharsets.UTF_8));
        }).map(StringBuilder::toString).defaultIfEmpty("");
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        if (!nativeAsync) {
            return Mono.error(new FaasException.UnsupportedCapability(id, Capability.ASYNC_INVOKE, "no"));
        }
        asyncInvokes.incrementAndGet();
        String activation = "act-" + activationIds.incrementAndGet();
        activations.put(activation, new Polls(request, pollsBeforeResult));
        return Mono.just(new AsyncAccepted(activation, id, Instant.now()));
    }

    @Override
    public Mono<Invocation.Result> asyncResult(String callId) {
        Polls polls = activations.get(callId);
        if (polls == null) {
            return Mono.error(new FaasException.FunctionNotFound(id, callId));
        }
        if (polls.left.getAndDecrement() > 0) {
            return Mono.empty();
        }
        return invoke(polls.call).map(result -> new Invocation.Result(result.status(), result.headers(),
                result.body(), callId, id));
    }

    @Override
    public Mono<Void> scale(FunctionRef ref, int replicas) {
        return Mono.error(new UnsupportedOperationException());
    }

    @Override
    public Mono<PlatformHealth> probe() {
        return Mono.just(PlatformHealth.up(id, Duration.ZERO, Map.of()));
    }

    @Override
    public Set<Capability> capabilities() {
        return nativeAsync ? Set.of(Capability.ASYNC_INVOKE, Capability.ASYNC_RESULT_LOOKUP) : Set.of();
    }

    private static final class Polls {
        final Invocation call;
        final AtomicInteger left;

        Polls(Invocation call, int polls) {
            this.call = call;
            this.left = new AtomicInteger(polls);
        }
    }
}

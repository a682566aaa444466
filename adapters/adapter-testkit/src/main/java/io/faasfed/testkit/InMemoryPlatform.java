package io.faasfed.testkit;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link FaasPlatform} that keeps its functions in memory, for tests and benchmarks of the code above the SPI
 * (placement, the platform directory, discovery, routing) that need platforms but no network.
 *
 * <p>Deploy, get, list and delete work on a map of functions keyed by scope and name, so a name can live in several
 * scopes (null, or the platform's {@link #defaultScope()} name, is the default scope). Invoke of a deployed function
 * echoes the request body with status 200; of any other reference it is {@link FaasException.FunctionNotFound}. Scale and asynchronous invocation
 * answer {@link FaasException.UnsupportedCapability}, {@link #capabilities()} is empty, and the probe always reports
 * {@link PlatformHealth.Status#UP UP}. Every operation takes effect when subscribed to, as a real platform's would.
 */
public final class InMemoryPlatform implements FaasPlatform {

    private static final String UNSUPPORTED = "the in-memory test platform only deploys, lists and echoes";

    private final PlatformId id;
    private final PlatformType type;
    private final Map<FunctionRef, FunctionInfo> functions = new ConcurrentHashMap<>();
    private final String defaultScope;

    /** An empty platform called {@code id}, of type {@link PlatformType#OPENFAAS}. */
    public InMemoryPlatform(String id) {
        this(id, PlatformType.OPENFAAS);
    }

    /** An empty platform called {@code id} that reports itself as {@code type}. */
    public InMemoryPlatform(String id, PlatformType type) {
        this(id, type, null);
    }

    /**
     * An empty platform called {@code id} that reports itself as {@code type} and calls its default scope
     * {@code defaultScope} (null: it has no name for it).
     */
    public InMemoryPlatform(String id, PlatformType type, String defaultScope) {
        this.id = PlatformId.of(id);
        this.type = Objects.requireNonNull(type, "type");
        this.defaultScope = defaultScope;
    }

    @Override
    public PlatformId id() {
        return id;
    }

    @Override
    public PlatformType type() {
        return type;
    }

    @Override
    public Flux<FunctionInfo> list() {
        return Flux.defer(() -> Flux.fromIterable(functions.values()));
    }

    @Override
    public String defaultScope() {
        return defaultScope;
    }

    @Override
    public Mono<FunctionInfo> get(FunctionRef ref) {
        return Mono.defer(() -> Mono.justOrEmpty(functions.get(key(ref.name(), ref.scope()))))
                .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id, ref.qualified())));
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        return Mono.fromSupplier(() -> {
            FunctionRef key = key(spec.name(), spec.scope());
            FunctionInfo info = FunctionInfo.builder(spec.name(), id).scope(key.scope()).image(spec.image())
                    .labels(spec.labels()).build();
            functions.put(key, info);
            return info;
        });
    }

    @Override
    public Mono<Void> delete(FunctionRef ref) {
        return Mono.defer(() -> functions.remove(key(ref.name(), ref.scope())) == null
                ? Mono.error(new FaasException.FunctionNotFound(id, ref.qualified()))
                : Mono.empty());
    }

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        return get(request.ref())
                .map(info -> new Invocation.Result(200, null, request.body(), request.callId(), id));
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        return Mono.error(() -> new FaasException.UnsupportedCapability(id, Capability.ASYNC_INVOKE, UNSUPPORTED));
    }

    @Override
    public Mono<Void> scale(FunctionRef ref, int replicas) {
        return Mono.error(() -> new FaasException.UnsupportedCapability(id, Capability.SCALE, UNSUPPORTED));
    }

    @Override
    public Mono<PlatformHealth> probe() {
        return Mono.fromSupplier(() -> PlatformHealth.up(id, Duration.ZERO, Map.of()));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    /** The map key: the name in its scope, the default scope's own name read as the default scope. */
    private FunctionRef key(String name, String scope) {
        return FunctionRef.of(name, scope != null && scope.equals(defaultScope) ? null : scope);
    }

    @Override
    public String toString() {
        return "InMemoryPlatform[" + id + ", " + type.configName() + ", " + functions.size() + " functions]";
    }
}

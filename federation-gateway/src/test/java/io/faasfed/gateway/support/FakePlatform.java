package io.faasfed.gateway.support;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An in-memory platform for unit tests of the gateway's own logic (policy, directory, discovery). */
public final class FakePlatform implements FaasPlatform {

    private final PlatformId id;
    private final Map<String, FunctionInfo> functions = new ConcurrentHashMap<>();

    /** An empty platform called {@code id}. */
    public FakePlatform(String id) {
        this.id = PlatformId.of(id);
    }

    @Override
    public PlatformId id() {
        return id;
    }

    @Override
    public PlatformType type() {
        return PlatformType.OPENFAAS;
    }

    @Override
    public Flux<FunctionInfo> list() {
        return Flux.fromIterable(functions.values());
    }

    @Override
    public Mono<FunctionInfo> get(String name) {
        return Mono.justOrEmpty(functions.get(name))
                .switchIfEmpty(Mono.error(() -> new FaasException.FunctionNotFound(id, name)));
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        FunctionInfo info = FunctionInfo.builder(spec.name(), id).image(spec.image()).labels(spec.labels()).build();
        functions.put(spec.name(), info);
        return Mono.just(info);
    }

    @Override
    public Mono<Void> delete(String name) {
        return functions.remove(name) == null ? Mono.error(new FaasException.FunctionNotFound(id, name))
                : Mono.empty();
    }

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        return get(request.function()).map(info -> new Invocation.Result(200, null, request.body(),
                request.callId(), id));
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        return Mono.error(new FaasException.UnsupportedCapability(id, Capability.ASYNC_INVOKE, "fake"));
    }

    @Override
    public Mono<Void> scale(String name, int replicas) {
        return Mono.error(new FaasException.UnsupportedCapability(id, Capability.SCALE, "fake"));
    }

    @Override
    public Mono<PlatformHealth> probe() {
        return Mono.just(PlatformHealth.up(id, Duration.ZERO, Map.of()));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }
}

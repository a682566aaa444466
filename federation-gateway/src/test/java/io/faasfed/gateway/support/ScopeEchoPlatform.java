package io.faasfed.gateway.support;

import io.faasfed.adapter.api.AsyncAccepted;
import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.testkit.InMemoryPlatform;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-memory platform (the testkit's {@link InMemoryPlatform}) that answers a call with the scope and name of the
 * placement that served it ({@code scope=team-a name=echo}), records every call, deploy and scale, and scales
 * functions it holds; for tests that must see which tenant's placement a request reached.
 */
public final class ScopeEchoPlatform implements FaasPlatform {

    private final InMemoryPlatform functions;
    /** Every call, in order. */
    public final List<Invocation> calls = new CopyOnWriteArrayList<>();
    /** Every deployed spec, in order. */
    public final List<FunctionSpec> deploys = new CopyOnWriteArrayList<>();
    /** Every scaled reference, in order. */
    public final List<FunctionRef> scaled = new CopyOnWriteArrayList<>();

    /** An empty OpenFaaS-typed platform called {@code id} whose default scope is {@code openfaas-fn}. */
    public ScopeEchoPlatform(String id) {
        this.functions = new InMemoryPlatform(id, PlatformType.OPENFAAS, "openfaas-fn");
    }

    /** Forgets every function and record. */
    public void clear() {
        functions.list().collectList().block().forEach(info -> functions.delete(FunctionRef.of(info.name(),
                info.scope())).block());
        calls.clear();
        deploys.clear();
        scaled.clear();
    }

    /** What the platform answers to a call of {@code name} in {@code scope} (null: the default scope). */
    public static String answer(String scope, String name) {
        return "scope=" + (scope == null ? "openfaas-fn" : scope) + " name=" + name;
    }

    @Override
    public PlatformId id() {
        return functions.id();
    }

    @Override
    public PlatformType type() {
        return functions.type();
    }

    @Override
    public String defaultScope() {
        return functions.defaultScope();
    }

    @Override
    public Flux<FunctionInfo> list() {
        return functions.list();
    }

    @Override
    public Mono<FunctionInfo> get(FunctionRef ref) {
        return functions.get(ref);
    }

    @Override
    public Mono<FunctionInfo> deploy(FunctionSpec spec) {
        return Mono.defer(() -> {
            deploys.add(spec);
            return functions.deploy(spec);
        });
    }

    @Override
    public Mono<Void> delete(FunctionRef ref) {
        return functions.delete(ref);
    }

    @Override
    public Mono<Invocation.Result> invoke(Invocation request) {
        return functions.get(request.ref()).map(info -> {
            calls.add(request);
            byte[] body = answer(info.scope(), info.name()).getBytes(StandardCharsets.UTF_8);
            return new Invocation.Result(200, null, Flux.just(ByteBuffer.wrap(body)), request.callId(), id());
        });
    }

    @Override
    public Mono<AsyncAccepted> invokeAsync(Invocation request) {
        return functions.invokeAsync(request);
    }

    @Override
    public Mono<Void> scale(FunctionRef ref, int replicas) {
        return functions.get(ref).doOnNext(found -> scaled.add(ref)).then();
    }

    @Override
    public Mono<PlatformHealth> probe() {
        return functions.probe();
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SCALE, Capability.NAMESPACES);
    }
}

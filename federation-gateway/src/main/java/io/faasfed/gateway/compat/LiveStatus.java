package io.faasfed.gateway.compat;

import static java.util.Objects.requireNonNull;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.FederatedNamespace.Route;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Live reads of one function for {@code GET /system/function/{name}}: asks the platform that serves it, keeping the
 * answer for at most {@code faasfed.compat.status-cache-ttl} so that tools polling for readiness do not turn into a
 * platform call each. When the platform cannot be asked, the registry's copy is shown as not available (0 ready
 * replicas) rather than as it was; a platform that says the function is gone makes it a 404.
 */
final class LiveStatus {

    /** Beyond this many cached entries the cache is cleared rather than grown. */
    private static final int MAX_ENTRIES = 10_000;

    private final FederatedNamespace namespace;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    LiveStatus(FederatedNamespace namespace, Duration ttl) {
        this.namespace = requireNonNull(namespace, "namespace");
        this.ttlNanos = requireNonNull(ttl, "ttl").toNanos();
    }

    /** The function {@code route} serves, as its platform reports it now (or within the cache's lifetime). */
    Mono<Read> read(Route route) {
        String key = key(route);
        Entry cached = cache.get(key);
        if (cached != null && System.nanoTime() - cached.at() < ttlNanos) {
            return Mono.just(new Read(cached.info(), true));
        }
        return namespace.live(route)
                .doOnNext(info -> remember(key, info))
                .map(info -> new Read(info, true))
                .onErrorResume(error -> !(error instanceof FaasException.FunctionNotFound)
                                && !(error instanceof FaasException.InvalidSpec),
                        unreachable -> Mono.just(new Read(route.placement().function(), false)));
    }

    /** Drops every cached read of {@code name} (after a change made through the gateway). */
    void forget(String name) {
        cache.keySet().removeIf(key -> key.endsWith('\u0000' + name));
    }

    private void remember(String key, FunctionInfo info) {
        if (ttlNanos <= 0) {
            return;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Entry(info, System.nanoTime()));
    }

    private static String key(Route route) {
        String scope = route.placement().function().scope();
        return route.platform().id().value() + '\u0000' + (scope == null ? "" : scope) + '\u0000'
                + route.placement().name();
    }

    /**
     * One read.
     *
     * @param info      what is known of the function
     * @param reachable whether its platform answered (false: {@code info} is the registry's copy)
     */
    record Read(FunctionInfo info, boolean reachable) {
    }

    private record Entry(FunctionInfo info, long at) {
    }
}

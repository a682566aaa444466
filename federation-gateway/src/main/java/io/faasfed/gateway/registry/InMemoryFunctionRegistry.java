package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded default store: a concurrent map of name to an immutable map of platform to placement, so that a lookup
 * is one map get and readers never see a half-made update. State lives in this process only.
 */
public final class InMemoryFunctionRegistry implements FunctionRegistry {

    private final ConcurrentHashMap<String, Map<PlatformId, Placement>> names = new ConcurrentHashMap<>();

    @Override
    public Mono<List<Placement>> lookup(String name) {
        return Mono.fromSupplier(() -> placements(name));
    }

    /** The synchronous lookup, for the in-memory hot path and tests. */
    public List<Placement> placements(String name) {
        Map<PlatformId, Placement> placements = names.get(name);
        return placements == null ? List.of() : List.copyOf(placements.values());
    }

    @Override
    public Mono<Void> put(Placement placement) {
        return Mono.fromRunnable(() -> names.compute(placement.name(), (name, current) -> {
            java.util.HashMap<PlatformId, Placement> next = current == null ? new java.util.HashMap<>()
                    : new java.util.HashMap<>(current);
            next.put(placement.platform(), placement);
            return Map.copyOf(next);
        }));
    }

    @Override
    public Mono<Void> remove(String name, PlatformId platform) {
        return Mono.fromRunnable(() -> names.computeIfPresent(name, (key, current) -> without(current, platform)));
    }

    @Override
    public Mono<Void> replacePlatform(PlatformId platform, Collection<Placement> placements) {
        return Mono.fromRunnable(() -> {
            Set<String> present = new HashSet<>();
            placements.forEach(placement -> {
                present.add(placement.name());
                names.compute(placement.name(), (name, current) -> {
                    java.util.HashMap<PlatformId, Placement> next = current == null ? new java.util.HashMap<>()
                            : new java.util.HashMap<>(current);
                    next.put(platform, placement.withStale(false));
                    return Map.copyOf(next);
                });
            });
            names.keySet().forEach(name -> {
                if (!present.contains(name)) {
                    names.computeIfPresent(name, (key, current) -> without(current, platform));
                }
            });
        });
    }

    @Override
    public Mono<Void> markStale(PlatformId platform) {
        return Mono.fromRunnable(() -> names.replaceAll((name, current) -> {
            Placement placement = current.get(platform);
            if (placement == null || placement.stale()) {
                return current;
            }
            java.util.HashMap<PlatformId, Placement> next = new java.util.HashMap<>(current);
            next.put(platform, placement.withStale(true));
            return Map.copyOf(next);
        }));
    }

    @Override
    public Flux<List<Placement>> all() {
        return Flux.defer(() -> Flux.fromIterable(names.values()).map(map -> List.copyOf(map.values())));
    }

    @Override
    public Mono<Long> size() {
        return Mono.fromSupplier(() -> (long) names.size());
    }

    private static Map<PlatformId, Placement> without(Map<PlatformId, Placement> current, PlatformId platform) {
        if (!current.containsKey(platform)) {
            return current;
        }
        java.util.HashMap<PlatformId, Placement> next = new java.util.HashMap<>(current);
        next.remove(platform);
        return next.isEmpty() ? null : Map.copyOf(next);
    }
}

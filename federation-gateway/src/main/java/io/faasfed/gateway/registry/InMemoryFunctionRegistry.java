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
 * The embedded default store: a concurrent map of name to an immutable entry (platform to placement, and the same
 * placements as a list made once per write), so that a lookup is one map get with no allocation and readers never
 * see a half-made update. State lives in this process only.
 */
public final class InMemoryFunctionRegistry implements FunctionRegistry {

    private final ConcurrentHashMap<String, Entry> names = new ConcurrentHashMap<>();

    @Override
    public Mono<List<Placement>> lookup(String name) {
        return Mono.fromSupplier(() -> lookupNow(name));
    }

    @Override
    public List<Placement> lookupNow(String name) {
        Entry entry = names.get(name);
        return entry == null ? List.of() : entry.list();
    }

    @Override
    public Mono<Void> put(Placement placement) {
        return Mono.fromRunnable(() -> names.compute(placement.name(), (name, current) -> {
            java.util.HashMap<PlatformId, Placement> next = current == null ? new java.util.HashMap<>()
                    : new java.util.HashMap<>(current.byPlatform());
            next.put(placement.platform(), placement);
            return Entry.of(next);
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
                            : new java.util.HashMap<>(current.byPlatform());
                    next.put(platform, placement.withStale(false));
                    return Entry.of(next);
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
            Placement placement = current.byPlatform().get(platform);
            if (placement == null || placement.stale()) {
                return current;
            }
            java.util.HashMap<PlatformId, Placement> next = new java.util.HashMap<>(current.byPlatform());
            next.put(platform, placement.withStale(true));
            return Entry.of(next);
        }));
    }

    @Override
    public Flux<List<Placement>> all() {
        return Flux.defer(() -> Flux.fromIterable(names.values()).map(Entry::list));
    }

    @Override
    public Mono<Long> size() {
        return Mono.fromSupplier(() -> (long) names.size());
    }

    private static Entry without(Entry current, PlatformId platform) {
        if (!current.byPlatform().containsKey(platform)) {
            return current;
        }
        java.util.HashMap<PlatformId, Placement> next = new java.util.HashMap<>(current.byPlatform());
        next.remove(platform);
        return next.isEmpty() ? null : Entry.of(next);
    }

    /** One name's placements, by platform and as a list, both immutable. */
    private record Entry(Map<PlatformId, Placement> byPlatform, List<Placement> list) {
        static Entry of(Map<PlatformId, Placement> placements) {
            return new Entry(Map.copyOf(placements), List.copyOf(placements.values()));
        }
    }
}

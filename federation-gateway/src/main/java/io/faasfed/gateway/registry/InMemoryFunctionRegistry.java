package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded default store: a concurrent map of name to an immutable entry (placement key to placement, and the
 * same placements as a list made once per write), so that a lookup is one map get with no allocation and readers
 * never see a half-made update. Every write to one name is one atomic {@code compute}; tombstones of deletes live in
 * a second map keyed by name and placement key. State lives in this process only.
 */
public final class InMemoryFunctionRegistry implements FunctionRegistry {

    private final ConcurrentHashMap<String, Entry> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Tomb, Instant> tombs = new ConcurrentHashMap<>();

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
            tombs.remove(new Tomb(name, placement.key()));
            Map<Placement.Key, Placement> next = copy(current);
            next.put(placement.key(), placement);
            return Entry.of(next);
        }));
    }

    @Override
    public Mono<Void> remove(String name, PlatformId platform, String scope, Instant deletedAt) {
        Placement.Key key = new Placement.Key(platform, scope);
        return Mono.fromRunnable(() -> names.compute(name, (ignored, current) -> {
            tombs.merge(new Tomb(name, key), deletedAt, (a, b) -> a.isAfter(b) ? a : b);
            if (current == null || !current.byKey().containsKey(key)) {
                return current;
            }
            Map<Placement.Key, Placement> next = copy(current);
            next.remove(key);
            return next.isEmpty() ? null : Entry.of(next);
        }));
    }

    @Override
    public Mono<Void> replacePlatform(PlatformId platform, Collection<Placement> placements, Instant listedAt) {
        return Mono.fromRunnable(() -> {
            Set<Tomb> present = new HashSet<>();
            for (Placement listed : placements) {
                Placement placement = listed.seenAt(listedAt).withStale(false);
                present.add(new Tomb(placement.name(), placement.key()));
                names.compute(placement.name(), (name, current) -> {
                    Instant deleted = tombs.get(new Tomb(name, placement.key()));
                    if (deleted != null && !deleted.isBefore(listedAt)) {
                        return current;
                    }
                    Placement known = current == null ? null : current.byKey().get(placement.key());
                    if (known != null && known.seenAt().isAfter(listedAt)) {
                        return current;
                    }
                    Map<Placement.Key, Placement> next = copy(current);
                    next.put(placement.key(), placement);
                    return Entry.of(next);
                });
            }
            names.keySet().forEach(name -> names.computeIfPresent(name, (key, current) -> {
                Map<Placement.Key, Placement> next = null;
                for (Placement known : current.list()) {
                    if (known.platform().equals(platform) && known.seenAt().isBefore(listedAt)
                            && !present.contains(new Tomb(name, known.key()))) {
                        next = next == null ? copy(current) : next;
                        next.remove(known.key());
                    }
                }
                return next == null ? current : next.isEmpty() ? null : Entry.of(next);
            }));
            tombs.entrySet().removeIf(tomb -> tomb.getKey().key().platform().equals(platform)
                    && tomb.getValue().isBefore(listedAt));
        });
    }

    @Override
    public Mono<Void> markStale(PlatformId platform) {
        return Mono.fromRunnable(() -> names.replaceAll((name, current) -> {
            Map<Placement.Key, Placement> next = null;
            for (Placement placement : current.list()) {
                if (placement.platform().equals(platform) && !placement.stale()) {
                    next = next == null ? copy(current) : next;
                    next.put(placement.key(), placement.withStale(true));
                }
            }
            return next == null ? current : Entry.of(next);
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

    private static Map<Placement.Key, Placement> copy(Entry current) {
        return current == null ? new HashMap<>() : new HashMap<>(current.byKey());
    }

    /** One name's placements, by key and as a list, both immutable. */
    private record Entry(Map<Placement.Key, Placement> byKey, List<Placement> list) {
        static Entry of(Map<Placement.Key, Placement> placements) {
            return new Entry(Map.copyOf(placements), List.copyOf(placements.values()));
        }
    }

    /** Where a delete left its tombstone: a name and one of its placement keys. */
    private record Tomb(String name, Placement.Key key) {
    }
}

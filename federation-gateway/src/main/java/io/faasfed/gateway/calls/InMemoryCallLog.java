package io.faasfed.gateway.calls;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The call log of one gateway process ({@code faasfed.store=memory}): at most {@code maxEntries} calls, the oldest
 * written evicted first, each kept for {@code ttl}. A child leaves its parent's index when it is evicted or expires.
 */
public final class InMemoryCallLog implements CallLog {

    private static final Comparator<Child> BY_START = Comparator.comparing(Child::startedAt).thenComparing(Child::id);

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<String, Stored> entries = new LinkedHashMap<>();
    private final Map<String, TreeSet<Child>> children = new HashMap<>();

    /**
     * @param maxEntries the most calls kept ({@code faasfed.calls.memory-max})
     * @param ttl        how long a call is kept ({@code faasfed.calls.sync-ttl})
     * @param clock      the time of expiry
     */
    public InMemoryCallLog(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: > 0)");
        }
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Void> write(List<CallEntry> batch) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                Instant now = clock.instant();
                purge(now);
                for (CallEntry entry : batch) {
                    Stored earlier = entries.remove(entry.id());
                    if (earlier != null) {
                        unlink(earlier.entry());
                    }
                    entries.put(entry.id(), new Stored(entry, now.plus(ttl)));
                    if (entry.parentId() != null) {
                        children.computeIfAbsent(key(entry.tenant(), entry.parentId()), any -> new TreeSet<>(BY_START))
                                .add(new Child(entry.id(), entry.startedAt()));
                    }
                }
                Iterator<Stored> oldest = entries.values().iterator();
                while (entries.size() > maxEntries && oldest.hasNext()) {
                    Stored evicted = oldest.next();
                    oldest.remove();
                    unlink(evicted.entry());
                }
            }
        });
    }

    @Override
    public Mono<CallEntry> entry(String id) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                Stored stored = entries.get(id);
                return stored == null || !stored.expiresAt().isAfter(clock.instant()) ? null : stored.entry();
            }
        });
    }

    @Override
    public Flux<String> children(String tenant, String parentId, int limit) {
        return Flux.defer(() -> {
            List<String> ids = new ArrayList<>();
            synchronized (this) {
                purge(clock.instant());
                TreeSet<Child> linked = children.get(key(tenant, parentId));
                if (linked != null) {
                    for (Child child : linked) {
                        if (ids.size() >= limit) {
                            break;
                        }
                        ids.add(child.id());
                    }
                }
            }
            return Flux.fromIterable(ids);
        });
    }

    /** How many calls are kept now (for tests). */
    synchronized int size() {
        return entries.size();
    }

    /** Drops expired calls; they were written in order and share one TTL, so they are the oldest. */
    private void purge(Instant now) {
        Iterator<Stored> oldest = entries.values().iterator();
        while (oldest.hasNext()) {
            Stored stored = oldest.next();
            if (stored.expiresAt().isAfter(now)) {
                return;
            }
            oldest.remove();
            unlink(stored.entry());
        }
    }

    private void unlink(CallEntry entry) {
        if (entry.parentId() == null) {
            return;
        }
        String key = key(entry.tenant(), entry.parentId());
        TreeSet<Child> linked = children.get(key);
        if (linked != null) {
            linked.remove(new Child(entry.id(), entry.startedAt()));
            if (linked.isEmpty()) {
                children.remove(key);
            }
        }
    }

    private static String key(String tenant, String parentId) {
        return tenant + '\n' + parentId;
    }

    private record Stored(CallEntry entry, Instant expiresAt) {
    }

    private record Child(String id, Instant startedAt) {
    }
}

package io.faasfed.adapter.openwhisk.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Remembers each action's {@link ActionView} for a while, so that an invocation does not first read the action on
 * every call. Failures are never remembered; concurrent first calls share one lookup.
 */
public final class ActionCache {

    private static final int MAX_ENTRIES = 10_000;

    private final Duration ttl;
    private final Map<String, Mono<ActionView>> entries = new ConcurrentHashMap<>();

    /** A cache keeping views for {@code ttl}; zero disables it. */
    public ActionCache(Duration ttl) {
        this.ttl = ttl == null || ttl.isNegative() ? Duration.ZERO : ttl;
    }

    /** The view of {@code key}, loaded with {@code loader} when absent or expired. */
    public Mono<ActionView> get(String key, Supplier<Mono<ActionView>> loader) {
        if (ttl.isZero()) {
            return loader.get();
        }
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
            entries.clear();
        }
        return entries.computeIfAbsent(key, k -> loader.get()
                .cache(view -> ttl, error -> Duration.ZERO, () -> Duration.ZERO));
    }

    /** Forgets {@code key}, after a deploy, a delete or a "not found". */
    public void invalidate(String key) {
        entries.remove(key);
    }
}

package io.faasfed.gateway.security;

import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** API keys in this process: the embedded default; they are gone when it stops. */
public final class InMemoryApiKeyStore implements ApiKeyStore {

    private final ConcurrentMap<String, ApiKey> keys = new ConcurrentHashMap<>();

    @Override
    public Mono<ApiKey> find(String id) {
        return Mono.justOrEmpty(keys.get(id));
    }

    @Override
    public Flux<ApiKey> all() {
        return Flux.fromIterable(keys.values().stream().sorted(Comparator.comparing(ApiKey::id)).toList());
    }

    @Override
    public Mono<Void> save(ApiKey key) {
        return Mono.fromRunnable(() -> keys.put(key.id(), key));
    }

    @Override
    public Mono<Boolean> delete(String id) {
        return Mono.fromCallable(() -> keys.remove(id) != null);
    }
}

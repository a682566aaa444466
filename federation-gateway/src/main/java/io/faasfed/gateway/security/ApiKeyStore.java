package io.faasfed.gateway.security;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where API keys are kept: in memory (the embedded default) or in Redis (shared by every replica). */
public interface ApiKeyStore {

    /** The key with {@code id}; empty when there is none. */
    Mono<ApiKey> find(String id);

    /** Every key. */
    Flux<ApiKey> all();

    /** Adds or replaces {@code key}. */
    Mono<Void> save(ApiKey key);

    /** Removes the key with {@code id}; true when there was one. */
    Mono<Boolean> delete(String id);
}

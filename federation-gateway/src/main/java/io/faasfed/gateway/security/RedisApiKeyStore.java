package io.faasfed.gateway.security;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.Comparator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** API keys in one Redis hash ({@code <prefix>keys}: id to the key's JSON, hashes only), shared by every replica. */
public final class RedisApiKeyStore implements ApiKeyStore {

    private final RedisReactiveCommands<String, String> redis;
    private final JsonMapper json;
    private final String hashKey;

    /** Keys under {@code keyPrefix}. */
    public RedisApiKeyStore(RedisReactiveCommands<String, String> redis, JsonMapper json, String keyPrefix) {
        this.redis = redis;
        this.json = json;
        this.hashKey = keyPrefix + "keys";
    }

    @Override
    public Mono<ApiKey> find(String id) {
        return redis.hget(hashKey, id).map(this::read);
    }

    @Override
    public Flux<ApiKey> all() {
        return redis.hvals(hashKey).map(this::read).sort(Comparator.comparing(ApiKey::id));
    }

    @Override
    public Mono<Void> save(ApiKey key) {
        return redis.hset(hashKey, key.id(), json.writeValueAsString(key)).then();
    }

    @Override
    public Mono<Boolean> delete(String id) {
        return redis.hdel(hashKey, id).map(removed -> removed > 0);
    }

    private ApiKey read(String value) {
        return json.readValue(value, ApiKey.class);
    }
}

package io.faasfed.gateway.registry;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Whether the Redis behind {@link RedisFunctionRegistry} answers: {@code PING} on the shared connection (bounded by
 * Lettuce's command timeout), and which failures mean "Redis is away": a lost or refused connection, a command
 * timeout, Redis loading its data set or busy running a script. A command Redis executed and rejected is not an
 * outage.
 */
public final class RedisAvailability implements StoreAvailability {

    private final RedisReactiveCommands<String, String> redis;
    private final String description;

    /**
     * @param redis       the commands of the registry's connection
     * @param description what to call it in messages and health (host and port, never credentials)
     */
    public RedisAvailability(RedisReactiveCommands<String, String> redis, String description) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public Mono<Void> ping() {
        return redis.ping().then();
    }

    @Override
    public boolean isOutage(Throwable error) {
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof RedisLoadingException || cause instanceof RedisBusyException) {
                return true;
            }
            if (cause instanceof RedisCommandExecutionException) {
                return false;
            }
            if (cause instanceof RedisException || cause instanceof TimeoutException
                    || cause instanceof IOException) {
                return true;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return false;
    }

    @Override
    public String describe() {
        return description;
    }
}

package io.faasfed.gateway.ratelimit;

import io.faasfed.gateway.config.LuaScript;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway replica: each check is exactly one Lua script call
 * ({@code EVALSHA}; {@code EVAL} once more only when Redis answers {@code NOSCRIPT}, e.g. after a restart, which also
 * caches the script again), so a check is one round trip and atomic over all its buckets. Each bucket is one hash
 * {@code <prefix>ratelimit:<bucket>} holding {@code tokens} and {@code at} (microseconds), with a {@code PEXPIRE} of
 * the time it takes to be full again (plus a second): an idle bucket vanishes, and a missing bucket is a full one.
 *
 * <p>"Now" is Redis's own {@code TIME}, read inside the script: every replica then refills buckets by one clock, so
 * skew between gateway hosts can neither mint tokens nor stall a bucket. Reading {@code TIME} before a write is
 * allowed with script effects replication (the default since Redis 5, the only mode since Redis 7; the script asks
 * for it explicitly where the call still exists): replicas receive the {@code HSET}, not the script. Only tests give
 * the script a time of their own ({@link #withClientClock}), to show refills without waiting.
 *
 * <p>The script touches several keys in one call, so on a Redis Cluster they would need one hash slot; the gateway
 * talks to a single Redis (as the registry's scripts do).
 */
public final class RedisRateLimiter implements RateLimiter {

    /**
     * KEYS: one hash per bucket. ARGV[1]: the time in µs, or '' for the server's TIME; then for bucket i,
     * ARGV[2i] its capacity and ARGV[2i+1] its tokens per µs. The arithmetic is {@link TokenBuckets}'s, step by step.
     * Returns {allowed 0|1, then per bucket: whole tokens left, µs until full, µs until it holds a token}.
     */
    static final String SCRIPT = """
            if redis.replicate_commands then redis.replicate_commands() end
            local eps = 1e-6
            local now = tonumber(ARGV[1])
            if not now then
              local time = redis.call('TIME')
              now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            end
            local before = {}
            local allowed = 1
            for i = 1, #KEYS do
              local capacity, rate = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
              local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
              local tokens, at = tonumber(state[1]), tonumber(state[2])
              if tokens == nil or at == nil then
                tokens = capacity
              else
                tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
              end
              before[i] = tokens
              if tokens < 1 - eps then allowed = 0 end
            end
            local result = {allowed}
            for i = 1, #KEYS do
              local capacity, rate = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
              local after = before[i]
              if allowed == 1 then after = after - 1 end
              local reset = 0
              if capacity - after > eps then reset = math.ceil((capacity - after) / rate) end
              local retry = 0
              if before[i] < 1 - eps then retry = math.ceil((1 - before[i]) / rate) end
              if allowed == 1 then
                redis.call('HSET', KEYS[i], 'tokens', after, 'at', now)
                redis.call('PEXPIRE', KEYS[i], math.ceil(reset / 1000) + 1000)
              end
              result[#result + 1] = math.max(0, math.floor(after + eps))
              result[#result + 1] = reset
              result[#result + 1] = retry
            end
            return result
            """;

    private static final LuaScript LIMIT = new LuaScript(SCRIPT);

    private final RedisReactiveCommands<String, String> redis;
    private final String prefix;
    private final Clock clientClock;

    /**
     * Buckets in {@code redis}, refilled by Redis's clock.
     *
     * @param redis  the commands of the store's connection
     * @param prefix the prefix of every key ({@code faasfed.redis.key-prefix}, e.g. {@code faasfed:})
     */
    public RedisRateLimiter(RedisReactiveCommands<String, String> redis, String prefix) {
        this(redis, prefix, null);
    }

    private RedisRateLimiter(RedisReactiveCommands<String, String> redis, String prefix, Clock clientClock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.clientClock = clientClock;
    }

    /** For tests only: buckets refilled by {@code clock} (sent with each check) instead of Redis's {@code TIME}. */
    static RedisRateLimiter withClientClock(RedisReactiveCommands<String, String> redis, String prefix, Clock clock) {
        return new RedisRateLimiter(redis, prefix, Objects.requireNonNull(clock, "clock"));
    }

    /** The Redis key of {@code bucket}. */
    public String key(String bucket) {
        return prefix + "ratelimit:" + bucket;
    }

    @Override
    public Mono<Decision> tryConsume(List<BucketLimit> limits) {
        List<BucketLimit> checked = List.copyOf(RateLimiter.requireDistinct(limits));
        return Mono.defer(() -> {
            String[] keys = checked.stream().map(limit -> key(limit.bucket())).toArray(String[]::new);
            String[] args = new String[1 + 2 * checked.size()];
            args[0] = clientClock == null ? "" : Long.toString(micros(clientClock.instant()));
            for (int i = 0; i < checked.size(); i++) {
                Bandwidth bandwidth = checked.get(i).bandwidth();
                args[1 + 2 * i] = Long.toString(bandwidth.capacity());
                args[2 + 2 * i] = Double.toString(bandwidth.tokensPerMicro());
            }
            return LIMIT.run(redis, keys, args).map(reply -> decision(checked, reply));
        });
    }

    private static Decision decision(List<BucketLimit> limits, List<Object> reply) {
        List<?> values = reply;
        if (values.size() != 1 + 3 * limits.size()) {
            throw new IllegalStateException("rate limit script answered " + values.size() + " values (expected: "
                    + (1 + 3 * limits.size()) + ")");
        }
        boolean allowed = number(values.get(0)) == 1;
        List<Decision.Outcome> outcomes = new ArrayList<>(limits.size());
        for (int i = 0; i < limits.size(); i++) {
            outcomes.add(new Decision.Outcome(number(values.get(1 + 3 * i)), number(values.get(2 + 3 * i)),
                    number(values.get(3 + 3 * i))));
        }
        return Decision.of(allowed, limits, outcomes);
    }

    private static long number(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("rate limit script answered " + value + " (expected: an integer)");
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}

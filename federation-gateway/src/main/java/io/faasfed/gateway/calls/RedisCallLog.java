package io.faasfed.gateway.calls;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The call log shared by every replica ({@code faasfed.store=redis}). Layout, under the configured key prefix:
 * <ul>
 *   <li>{@code calls:call:<id>}: the entry as JSON, expiring after the TTL;</li>
 *   <li>{@code calls:children:<tenant>:<parentId>}: the ids of the tenant's calls made under that parent, a sorted set
 *       scored by start epoch millis; its TTL is renewed by every child, and children older than the TTL are dropped
 *       when another is added.</li>
 * </ul>
 * No step needs to be atomic: a child linked before (or after) its entry is written or expired is simply skipped when
 * the tree is read. The commands of one batch are pipelined on the shared connection.
 */
public final class RedisCallLog implements CallLog {

    private static final Logger log = LoggerFactory.getLogger(RedisCallLog.class);

    private final RedisReactiveCommands<String, String> redis;
    private final JsonMapper json;
    private final String prefix;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param redis  the shared connection's commands
     * @param json   the JSON mapper of entries
     * @param prefix the prefix of every key, e.g. {@code faasfed:}
     * @param ttl    how long a call is kept ({@code faasfed.calls.sync-ttl})
     * @param clock  the time that ages children out of an index
     */
    public RedisCallLog(RedisReactiveCommands<String, String> redis, JsonMapper json, String prefix, Duration ttl,
                        Clock clock) {
        this.redis = requireNonNull(redis, "redis");
        this.json = requireNonNull(json, "json");
        this.prefix = requireNonNull(prefix, "prefix");
        this.ttl = requireNonNull(ttl, "ttl");
        this.clock = requireNonNull(clock, "clock");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
    }

    @Override
    public Mono<Void> write(List<CallEntry> entries) {
        return Flux.fromIterable(entries).flatMap(this::writeOne).then();
    }

    private Mono<Void> writeOne(CallEntry entry) {
        Mono<String> stored = Mono.defer(() -> redis.set(entryKey(entry.id()), json.writeValueAsString(entry),
                SetArgs.Builder.px(ttl.toMillis())));
        if (entry.parentId() == null) {
            return stored.then();
        }
        String index = childrenKey(entry.tenant(), entry.parentId());
        long oldest = clock.millis() - ttl.toMillis();
        return Mono.when(stored,
                redis.zadd(index, (double) entry.startedAt().toEpochMilli(), entry.id()),
                redis.pexpire(index, ttl.toMillis()),
                redis.zremrangebyscore(index, Range.create(Double.NEGATIVE_INFINITY, (double) oldest)));
    }

    @Override
    public Mono<CallEntry> entry(String id) {
        return redis.get(entryKey(id)).mapNotNull(value -> read(value, id));
    }

    @Override
    public Flux<String> children(String tenant, String parentId, int limit) {
        if (limit < 1) {
            return Flux.empty();
        }
        return redis.zrange(childrenKey(tenant, parentId), 0, limit - 1L);
    }

    private CallEntry read(String value, String id) {
        try {
            return json.readValue(value, CallEntry.class);
        } catch (RuntimeException e) {
            log.debug("Treating the stored entry of call {} as absent: {}", id, e.toString());
            return null;
        }
    }

    private String entryKey(String id) {
        return prefix + "calls:call:" + id;
    }

    private String childrenKey(String tenant, String parentId) {
        return prefix + "calls:children:" + tenant + ":" + parentId;
    }
}

package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry in Redis, through Lettuce's reactive API, so that every gateway replica on the same Redis sees one
 * namespace. Layout, under the configured key prefix:
 * <ul>
 *   <li>{@code fn:<name>}: a hash of platform id to the placement as JSON (a lookup is one {@code HVALS})</li>
 *   <li>{@code names}: the set of every name</li>
 *   <li>{@code platform:<id>}: the set of names on one platform (a discovery pass diffs against it)</li>
 * </ul>
 * Writes that touch several keys run as one Lua script, so readers never see a name without its index entries.
 */
public final class RedisFunctionRegistry implements FunctionRegistry {

    private static final String PUT = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[2])
            redis.call('SADD', KEYS[3], ARGV[2])
            return 1
            """;
    private static final String REMOVE = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('SREM', KEYS[3], ARGV[2])
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
            return 1
            """;

    private final RedisReactiveCommands<String, String> redis;
    private final JsonMapper json;
    private final String prefix;

    /**
     * A registry on {@code redis}.
     *
     * @param redis  a reactive connection's commands
     * @param json   the mapper placements are written with
     * @param prefix the prefix of every key, e.g. {@code faasfed:}
     */
    public RedisFunctionRegistry(RedisReactiveCommands<String, String> redis, JsonMapper json, String prefix) {
        this.redis = redis;
        this.json = json;
        this.prefix = prefix;
    }

    @Override
    public Mono<List<Placement>> lookup(String name) {
        return redis.hvals(nameKey(name)).map(this::read).collectList();
    }

    @Override
    public Mono<Void> put(Placement placement) {
        return redis.<Long>eval(PUT, ScriptOutputType.INTEGER,
                        new String[] {nameKey(placement.name()), namesKey(), platformKey(placement.platform())},
                        placement.platform().value(), placement.name(), write(placement))
                .then();
    }

    @Override
    public Mono<Void> remove(String name, PlatformId platform) {
        return redis.<Long>eval(REMOVE, ScriptOutputType.INTEGER,
                        new String[] {nameKey(name), namesKey(), platformKey(platform)}, platform.value(), name)
                .then();
    }

    @Override
    public Mono<Void> replacePlatform(PlatformId platform, Collection<Placement> placements) {
        Set<String> present = new HashSet<>();
        placements.forEach(placement -> present.add(placement.name()));
        Mono<Void> removeVanished = redis.smembers(platformKey(platform))
                .filter(name -> !present.contains(name))
                .concatMap(name -> remove(name, platform))
                .then();
        Mono<Void> putPresent = Flux.fromIterable(placements)
                .concatMap(placement -> put(placement.withStale(false)))
                .then();
        return removeVanished.then(putPresent);
    }

    @Override
    public Mono<Void> markStale(PlatformId platform) {
        return redis.smembers(platformKey(platform))
                .concatMap(name -> redis.hget(nameKey(name), platform.value())
                        .map(this::read)
                        .filter(placement -> !placement.stale())
                        .flatMap(placement -> redis.hset(nameKey(name), platform.value(),
                                write(placement.withStale(true)))))
                .then();
    }

    @Override
    public Flux<List<Placement>> all() {
        return redis.sscan(namesKey(), ScanArgs.Builder.limit(500))
                .expand(cursor -> cursor.isFinished() ? Mono.empty()
                        : redis.sscan(namesKey(), cursor, ScanArgs.Builder.limit(500)))
                .concatMapIterable(cursor -> cursor.getValues())
                .distinct()
                .concatMap(this::lookup)
                .filter(list -> !list.isEmpty());
    }

    @Override
    public Mono<Long> size() {
        return redis.scard(namesKey());
    }

    private String nameKey(String name) {
        return prefix + "fn:" + name;
    }

    private String namesKey() {
        return prefix + "names";
    }

    private String platformKey(PlatformId platform) {
        return prefix + "platform:" + platform.value();
    }

    private String write(Placement placement) {
        return json.writeValueAsString(placement);
    }

    private Placement read(String value) {
        return json.readValue(value, Placement.class);
    }
}

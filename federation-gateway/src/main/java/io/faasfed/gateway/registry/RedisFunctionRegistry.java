package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry in Redis, through Lettuce's reactive API, so that every gateway replica on the same Redis sees one
 * namespace. Layout, under the configured key prefix:
 * <ul>
 *   <li>{@code fn:<name>}: a hash of placement key ({@code <platform>|<scope>}, the scope empty for the default
 *       one) to {@code <stale 0|1>|<seen-at epoch millis>|<placement JSON>} (a lookup is one {@code HVALS})</li>
 *   <li>{@code names}: the set of every name</li>
 *   <li>{@code platform:<id>}: the set of names with a placement on one platform (a discovery pass diffs against
 *       it)</li>
 *   <li>{@code tombs:<id>}: a hash of {@code <name>|<scope>} to the epoch millis of a delete through the gateway, kept
 *       until a discovery pass that started later</li>
 * </ul>
 * Every write is one Lua script, so readers never see a name without its index entries, and the conditions on
 * seen-at times and tombstones are checked and acted on atomically (no read-then-write from the gateway).
 */
public final class RedisFunctionRegistry implements FunctionRegistry {

    /** The seen-at millis of a stored value ({@code <stale>|<millis>|<json>}). */
    private static final String SEEN_AT = """
            local function seen_at(value) return tonumber(string.match(value, '^%d|(%d+)|')) or 0 end
            """;
    private static final String PUT = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[2])
            redis.call('SADD', KEYS[3], ARGV[2])
            redis.call('HDEL', KEYS[4], ARGV[4])
            return 1
            """;
    private static final String REMOVE = """
            local tomb = tonumber(redis.call('HGET', KEYS[4], ARGV[3]) or '0')
            if tonumber(ARGV[4]) > tomb then redis.call('HSET', KEYS[4], ARGV[3], ARGV[4]) end
            redis.call('HDEL', KEYS[1], ARGV[1])
            local prefix = ARGV[5] .. '|'
            local left = 0
            for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.sub(field, 1, #prefix) == prefix then left = left + 1 end
            end
            if left == 0 then redis.call('SREM', KEYS[3], ARGV[2]) end
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
            return 1
            """;
    private static final String PUT_LISTED = SEEN_AT + """
            local tomb = redis.call('HGET', KEYS[4], ARGV[4])
            if tomb and tonumber(tomb) >= tonumber(ARGV[5]) then return 0 end
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if current and seen_at(current) > tonumber(ARGV[5]) then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[2])
            redis.call('SADD', KEYS[3], ARGV[2])
            return 1
            """;
    private static final String REMOVE_UNLISTED = SEEN_AT + """
            local fn_prefix, platform, listed_at = ARGV[1], ARGV[2] .. '|', tonumber(ARGV[3])
            local present = {}
            for i = 4, #ARGV do present[ARGV[i]] = true end
            for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local key = fn_prefix .. name
              local all = redis.call('HGETALL', key)
              local left = 0
              for i = 1, #all, 2 do
                local field, value = all[i], all[i + 1]
                if string.sub(field, 1, #platform) == platform then
                  local scope = string.sub(field, #platform + 1)
                  if not present[name .. '|' .. scope] and seen_at(value) < listed_at then
                    redis.call('HDEL', key, field)
                  else
                    left = left + 1
                  end
                end
              end
              if left == 0 then redis.call('SREM', KEYS[1], name) end
              if redis.call('HLEN', key) == 0 then redis.call('SREM', KEYS[2], name) end
            end
            local tombs = redis.call('HGETALL', KEYS[3])
            for i = 1, #tombs, 2 do
              if tonumber(tombs[i + 1]) < listed_at then redis.call('HDEL', KEYS[3], tombs[i]) end
            end
            return 1
            """;
    private static final String MARK_STALE = """
            local fn_prefix, platform = ARGV[1], ARGV[2] .. '|'
            for _, name in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local key = fn_prefix .. name
              local all = redis.call('HGETALL', key)
              for i = 1, #all, 2 do
                local field, value = all[i], all[i + 1]
                if string.sub(field, 1, #platform) == platform and string.sub(value, 1, 1) == '0' then
                  redis.call('HSET', key, field, '1' .. string.sub(value, 2))
                end
              end
            end
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
        return redis.hvals(nameKey(name)).mapNotNull(this::read).collectList();
    }

    @Override
    public Mono<Void> put(Placement placement) {
        return redis.<Long>eval(PUT, ScriptOutputType.INTEGER,
                        new String[] {nameKey(placement.name()), namesKey(), platformKey(placement.platform()),
                                tombsKey(placement.platform())},
                        field(placement.key()), placement.name(), write(placement),
                        tombField(placement.name(), placement.scope()))
                .then();
    }

    @Override
    public Mono<Void> remove(String name, PlatformId platform, String scope, Instant deletedAt) {
        return redis.<Long>eval(REMOVE, ScriptOutputType.INTEGER,
                        new String[] {nameKey(name), namesKey(), platformKey(platform), tombsKey(platform)},
                        field(new Placement.Key(platform, scope)), name, tombField(name, scope),
                        Long.toString(deletedAt.toEpochMilli()), platform.value())
                .then();
    }

    @Override
    public Mono<Void> replacePlatform(PlatformId platform, Collection<Placement> placements, Instant listedAt) {
        String listed = Long.toString(listedAt.toEpochMilli());
        Set<String> present = new LinkedHashSet<>();
        placements.forEach(placement -> present.add(tombField(placement.name(), placement.scope())));
        Mono<Void> putListed = Flux.fromIterable(placements)
                .map(placement -> placement.seenAt(listedAt).withStale(false))
                .concatMap(placement -> redis.<Long>eval(PUT_LISTED, ScriptOutputType.INTEGER,
                        new String[] {nameKey(placement.name()), namesKey(), platformKey(platform), tombsKey(platform)},
                        field(placement.key()), placement.name(), write(placement),
                        tombField(placement.name(), placement.scope()), listed))
                .then();
        List<String> args = new ArrayList<>();
        args.add(prefix + "fn:");
        args.add(platform.value());
        args.add(listed);
        args.addAll(present);
        Mono<Void> removeUnlisted = Mono.defer(() -> redis.<Long>eval(REMOVE_UNLISTED, ScriptOutputType.INTEGER,
                new String[] {platformKey(platform), namesKey(), tombsKey(platform)}, args.toArray(String[]::new))
                .then());
        return putListed.then(removeUnlisted);
    }

    @Override
    public Mono<Void> markStale(PlatformId platform) {
        return redis.<Long>eval(MARK_STALE, ScriptOutputType.INTEGER, new String[] {platformKey(platform)},
                prefix + "fn:", platform.value()).then();
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

    private String tombsKey(PlatformId platform) {
        return prefix + "tombs:" + platform.value();
    }

    private static String field(Placement.Key key) {
        return key.platform().value() + "|" + (key.scope() == null ? "" : key.scope());
    }

    private static String tombField(String name, String scope) {
        return name + "|" + (scope == null ? "" : scope);
    }

    private String write(Placement placement) {
        return (placement.stale() ? "1|" : "0|") + placement.seenAt().toEpochMilli() + "|"
                + json.writeValueAsString(placement);
    }

    /** The placement a stored value holds; null for a value of an older layout (discovery writes it anew). */
    private Placement read(String value) {
        if (value.length() < 4 || value.charAt(1) != '|') {
            return null;
        }
        boolean stale = value.charAt(0) == '1';
        int start = value.indexOf('|', 2) + 1;
        return json.readValue(value.substring(start), Placement.class).withStale(stale);
    }
}

package io.faasfed.gateway.composition.runtime;

import io.faasfed.gateway.composition.engine.Checkpoint;
import io.faasfed.gateway.composition.engine.StepTrace;
import io.faasfed.gateway.config.LuaScript;
import io.faasfed.gateway.registry.RegistryUnavailableException;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compositions and run state in Redis, shared by every replica.
 * <ul>
 *   <li>{@code <prefix>comp:def:<tenant>:<name>}: a hash with the definition's source, media type, revision and
 *       times; {@code <prefix>comp:index}: a set of {@code <tenant>/<name>}. A save is one Lua script (the revision
 *       grows atomically; a create-only save never replaces).</li>
 *   <li>{@code <prefix>comp:run:<id>}: a hash with the run's summary ({@code info}) and checkpoint;
 *       {@code <prefix>comp:run:<id>:steps}: a hash of {@code <path>#<attempt>#<incarnation>} to the step. Both expire.</li>
 * </ul>
 */
public final class RedisCompositionStore implements CompositionStore {

    private static final LuaScript SAVE = new LuaScript("""
            if ARGV[6] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then return {-1} end
            redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[1])
            local revision = redis.call('HINCRBY', KEYS[1], 'revision', 1)
            redis.call('HSET', KEYS[1], 'source', ARGV[2], 'mediaType', ARGV[3], 'updatedAt', ARGV[1],
                'updatedBy', ARGV[4])
            redis.call('SADD', KEYS[2], ARGV[5])
            return {revision, redis.call('HGET', KEYS[1], 'createdAt')}
            """);
    private static final LuaScript DELETE = new LuaScript("""
            redis.call('SREM', KEYS[2], ARGV[1])
            return {redis.call('DEL', KEYS[1])}
            """);

    private final RedisReactiveCommands<String, String> redis;
    private final JsonMapper json;
    private final String prefix;

    /**
     * @param redis  the shared connection's commands
     * @param json   writes and reads runs' JSON
     * @param prefix the key prefix of this federation
     */
    public RedisCompositionStore(RedisReactiveCommands<String, String> redis, JsonMapper json, String prefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.json = Objects.requireNonNull(json, "json");
        this.prefix = prefix == null ? "" : prefix;
    }

    private String definitionKey(String tenant, String name) {
        return prefix + "comp:def:" + tenant + ":" + name;
    }

    private String index() {
        return prefix + "comp:index";
    }

    private String runKey(String runId) {
        return prefix + "comp:run:" + runId;
    }

    private String stepsKey(String runId) {
        return prefix + "comp:run:" + runId + ":steps";
    }

    @Override
    public Mono<StoredComposition> save(String tenant, String name, String source, String mediaType,
                                        String updatedBy, Instant now, boolean createOnly) {
        return Mono.defer(() -> SAVE.run(redis, new String[] {definitionKey(tenant, name), index()},
                        now.toString(), source, mediaType, updatedBy == null ? "" : updatedBy, tenant + "/" + name,
                        createOnly ? "1" : "0"))
                .flatMap(reply -> {
                    long revision = ((Number) reply.get(0)).longValue();
                    if (revision < 0) {
                        return Mono.empty();
                    }
                    return Mono.just(new StoredComposition(tenant, name, source, mediaType, revision,
                            Instant.parse(String.valueOf(reply.get(1))), now, updatedBy));
                })
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<StoredComposition> find(String tenant, String name) {
        return redis.hgetall(definitionKey(tenant, name)).collectMap(kv -> kv.getKey(), kv -> kv.getValue())
                .flatMap(fields -> fields.isEmpty() ? Mono.empty() : Mono.just(composition(tenant, name, fields)))
                .onErrorMap(this::unavailable);
    }

    private static StoredComposition composition(String tenant, String name, Map<String, String> fields) {
        String updatedBy = fields.get("updatedBy");
        return new StoredComposition(tenant, name, fields.getOrDefault("source", ""),
                fields.getOrDefault("mediaType", "application/json"), Long.parseLong(fields.getOrDefault("revision",
                "1")), Instant.parse(fields.get("createdAt")), Instant.parse(fields.get("updatedAt")),
                updatedBy == null || updatedBy.isEmpty() ? null : updatedBy);
    }

    @Override
    public Flux<StoredComposition> list(String tenant) {
        return redis.smembers(index())
                .filter(member -> tenant == null || member.startsWith(tenant + "/"))
                .sort()
                .concatMap(member -> {
                    int slash = member.indexOf('/');
                    return find(member.substring(0, slash), member.substring(slash + 1));
                })
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<Boolean> delete(String tenant, String name) {
        return Mono.defer(() -> DELETE.run(redis, new String[] {definitionKey(tenant, name), index()},
                        tenant + "/" + name))
                .map(reply -> ((Number) reply.get(0)).longValue() > 0)
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<Void> saveRun(RunInfo run, Duration ttl) {
        return Mono.fromCallable(() -> json.writeValueAsString(run))
                .flatMap(text -> redis.hset(runKey(run.id()), "info", text)
                        .then(redis.pexpire(runKey(run.id()), ttl.toMillis())))
                .then()
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<RunInfo> run(String runId) {
        return redis.hget(runKey(runId), "info").map(text -> json.readValue(text, RunInfo.class))
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<Void> saveStep(String runId, int incarnation, StepTrace step, Duration ttl) {
        return Mono.fromCallable(() -> json.writeValueAsString(step))
                .flatMap(text -> redis.hset(stepsKey(runId), step.path() + "#" + step.attempt() + "#" + incarnation,
                        text)
                        .then(redis.pexpire(stepsKey(runId), ttl.toMillis())))
                .then()
                .onErrorMap(this::unavailable);
    }

    @Override
    public Flux<StepTrace> steps(String runId) {
        return redis.hvals(stepsKey(runId)).map(text -> json.readValue(text, StepTrace.class))
                .sort(Comparator.comparing(StepTrace::started))
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<Void> saveCheckpoint(String runId, Checkpoint checkpoint, Duration ttl) {
        return Mono.fromCallable(() -> json.writeValueAsString(checkpoint))
                .flatMap(text -> redis.hset(runKey(runId), "checkpoint", text)
                        .then(redis.pexpire(runKey(runId), ttl.toMillis())))
                .then()
                .onErrorMap(this::unavailable);
    }

    @Override
    public Mono<Checkpoint> checkpoint(String runId) {
        return redis.hget(runKey(runId), "checkpoint").map(text -> json.readValue(text, Checkpoint.class))
                .onErrorMap(this::unavailable);
    }

    private Throwable unavailable(Throwable error) {
        if (error instanceof RegistryUnavailableException) {
            return error;
        }
        return new RegistryUnavailableException("the composition store (Redis) cannot be used: " + error.getMessage()
                + "; try again when it is back", Instant.now(), null, error);
    }
}

package io.faasfed.gateway.async;

import static io.faasfed.gateway.async.InMemoryAsyncStore.requireNotNegative;
import static io.faasfed.gateway.async.InMemoryAsyncStore.requirePositive;
import static io.faasfed.gateway.async.InMemoryAsyncStore.requireSameCall;
import static java.util.Objects.requireNonNull;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.faasfed.gateway.config.LuaScript;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store shared by every replica with {@code faasfed.store=redis}. Layout, under the configured key prefix:
 * <ul>
 *   <li>{@code async:stream}: the queue, one stream with entries {@code kind} ({@code RUN|CALLBACK}) and
 *       {@code call}; consumer group {@code <prefix>async}, each replica a consumer. An entry is deleted when it is
 *       acknowledged, so the stream holds exactly the jobs not finished: the ones not delivered yet and the pending
 *       ones.</li>
 *   <li>{@code async:delayed}: jobs due later, a sorted set of {@code KIND:callId} scored by due epoch millis.</li>
 *   <li>{@code async:dead}: the dead-letter list, a sorted set of call ids scored by the epoch millis of death
 *       (this store's clock), so oldest first, ties in one millisecond by call id.</li>
 *   <li>{@code async:call:<id>}: the record as JSON; {@code async:req:<id>}: the request as JSON (body in
 *       base64); {@code async:idem:<key>}: the call id an idempotency key maps to, with its TTL.</li>
 * </ul>
 * Every step that changes more than one key is one Lua script, so no replica ever sees half of it (a 202 never goes
 * out for a call stored in part, a job is never acknowledged without its outcome recorded).
 *
 * <p>{@link #take} first claims idle pending jobs ({@code XAUTOCLAIM} and, for their exact delivery counts,
 * {@code XPENDING}, in one script), then reads new ones with {@code XREADGROUP ... BLOCK} on a dedicated connection:
 * a {@code BLOCK} on the shared, multiplexed connection would hold up every command queued behind it. The dedicated
 * connection serves one read at a time, so one instance is meant for one worker loop (one consumer per replica);
 * concurrent {@code take}s on one instance wait for each other's {@code BLOCK}. New jobs have one delivery.
 *
 * <p>The consumer group is created from id {@code 0} (not {@code $}) with {@code MKSTREAM} on first use, and again
 * whenever Redis answers {@code NOGROUP} (a restart without persistence): since acknowledged entries are deleted,
 * every entry in the stream is unfinished, and {@code $} would lose the ones submitted before the group existed.
 *
 * <p>{@link #save} keeps the record's TTL ({@code KEEPTTL}); {@link #retryAt} and {@link #replay} make record and
 * request durable again; {@link #finish} sets both to expire after its {@code ttl}. A {@link #deadLetters} page after
 * a call id no longer on the list (replayed, expired) starts from the beginning.
 *
 * <p>Expiry is Redis's own ({@code PX}/{@code PEXPIRE}); a dead letter whose record expired leaves the list the next
 * time {@link #deadLetters} or {@link #stats} passes it (stats looks at the {@value #PRUNE} oldest). Every Redis
 * failure is emitted as an error; a stored value this version cannot read is logged at debug and treated as absent.
 */
public final class RedisAsyncStore implements AsyncStore {

    /** How much longer than its {@code BLOCK} a blocking read may take before {@link #take} gives up on it. */
    static final Duration BLOCK_MARGIN = Duration.ofSeconds(5);
    /** How many of the oldest dead letters {@link #stats} checks for an expired record. */
    static final int PRUNE = 100;

    /** KEYS: request, record, stream[, idempotency key]. ARGV: call id, request, record, idempotency TTL ms. */
    private static final LuaScript SUBMIT = new LuaScript("""
            if KEYS[4] then
              local earlier = redis.call('GET', KEYS[4])
              if earlier then return {earlier, 1} end
              redis.call('SET', KEYS[4], ARGV[1], 'PX', ARGV[4])
            end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('SET', KEYS[2], ARGV[3])
            redis.call('XADD', KEYS[3], '*', 'kind', 'RUN', 'call', ARGV[1])
            return {ARGV[1], 0}
            """);
    /**
     * KEYS: stream. ARGV: group, consumer, min idle ms, start cursor, count. Claims up to count idle entries in at
     * most three XAUTOCLAIM rounds; answers {next cursor, {{id, kind, call, deliveries}...}}. Entries without a kind
     * or call (deleted ones on Redis 6.2 come back without fields) are acknowledged and deleted.
     */
    private static final LuaScript CLAIM = new LuaScript("""
            local cursor, found, rounds, want = ARGV[4], {}, 0, tonumber(ARGV[5])
            repeat
              local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT',
                  want - #found)
              cursor = reply[1]
              for _, entry in ipairs(reply[2]) do
                local id, fields, kind, call = entry[1], entry[2], nil, nil
                if type(fields) == 'table' then
                  for i = 1, #fields, 2 do
                    if fields[i] == 'kind' then kind = fields[i + 1] elseif fields[i] == 'call' then
                      call = fields[i + 1] end
                  end
                end
                if kind and call then
                  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
                  local deliveries = 2
                  if pending[1] then deliveries = pending[1][4] end
                  found[#found + 1] = {id, kind, call, deliveries}
                else
                  redis.call('XACK', KEYS[1], ARGV[1], id)
                  redis.call('XDEL', KEYS[1], id)
                end
              end
              rounds = rounds + 1
            until #found >= want or cursor == '0-0' or rounds >= 3
            return {cursor, found}
            """);
    /** KEYS: stream, record, request, delayed. ARGV: group, entry id, record, due ms, member. */
    private static final LuaScript RETRY = new LuaScript("""
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            redis.call('SET', KEYS[2], ARGV[3])
            redis.call('PERSIST', KEYS[3])
            redis.call('ZADD', KEYS[4], ARGV[4], ARGV[5])
            return 1
            """);
    /**
     * KEYS: stream, record, request, dead. ARGV: group, entry id, record, ttl ms, next kind or '', dead '1'|'0',
     * now ms, call id.
     */
    private static final LuaScript FINISH = new LuaScript("""
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
            redis.call('PEXPIRE', KEYS[3], ARGV[4])
            if ARGV[5] ~= '' then redis.call('XADD', KEYS[1], '*', 'kind', ARGV[5], 'call', ARGV[8]) end
            if ARGV[6] == '1' then redis.call('ZADD', KEYS[4], ARGV[7], ARGV[8]) end
            return 1
            """);
    /** KEYS: stream, delayed. ARGV: now ms, max. Answers how many moved. */
    private static final LuaScript PROMOTE = new LuaScript("""
            local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
            for _, member in ipairs(due) do
              local colon = string.find(member, ':', 1, true)
              if colon then
                redis.call('XADD', KEYS[1], '*', 'kind', string.sub(member, 1, colon - 1), 'call',
                    string.sub(member, colon + 1))
              end
              redis.call('ZREM', KEYS[2], member)
            end
            return #due
            """);
    /** KEYS: dead, record, request, stream. ARGV: call id, record. Answers 1 when replayed, 0 when not dead. */
    private static final LuaScript REPLAY = new LuaScript("""
            if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
            if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
            redis.call('SET', KEYS[2], ARGV[2])
            redis.call('PERSIST', KEYS[3])
            redis.call('XADD', KEYS[4], '*', 'kind', 'RUN', 'call', ARGV[1])
            return 1
            """);
    /** Removes dead letters among the oldest ARGV[2] whose record (ARGV[1] .. id) expired. KEYS[1]: dead. */
    private static final String PRUNE_HEAD = """
            local function prune_head(prefix, count)
              for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, count - 1)) do
                if redis.call('EXISTS', prefix .. id) == 0 then redis.call('ZREM', KEYS[1], id) end
              end
            end
            """;
    /**
     * KEYS: dead. ARGV: record key prefix, after ('' for the start), count. Answers {id, record JSON or ''...} of the
     * page after {@code after} (from the start when it is not on the list), dropping ids whose record expired.
     */
    private static final LuaScript DEAD_PAGE = new LuaScript(PRUNE_HEAD + """
            prune_head(ARGV[1], 1)
            local start = 0
            if ARGV[2] ~= '' then
              local rank = redis.call('ZRANK', KEYS[1], ARGV[2])
              if rank then start = rank + 1 end
            end
            local out = {}
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], start, start + tonumber(ARGV[3]) - 1)) do
              local record = redis.call('GET', ARGV[1] .. id)
              if not record then
                redis.call('ZREM', KEYS[1], id)
                record = ''
              end
              out[#out + 1] = id
              out[#out + 1] = record
            end
            return out
            """);
    /**
     * KEYS: dead, stream, delayed. ARGV: record key prefix, group, prune count. Answers {ready, pending, delayed,
     * dead}: ready is the group's lag (Redis 7) or, without it, the stream's length minus the pending entries (exact,
     * since acknowledged entries are deleted); the whole stream when the group does not exist yet.
     */
    private static final LuaScript STATS = new LuaScript(PRUNE_HEAD + """
            prune_head(ARGV[1], tonumber(ARGV[3]))
            local ready, pending = 0, 0
            if redis.call('EXISTS', KEYS[2]) == 1 then
              local length = redis.call('XLEN', KEYS[2])
              ready = length
              for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[2])) do
                local info = {}
                for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
                if info['name'] == ARGV[2] then
                  pending = info['pending']
                  if type(info['lag']) == 'number' then ready = info['lag'] else ready = length - pending end
                end
              end
            end
            return {ready, pending, redis.call('ZCARD', KEYS[3]), redis.call('ZCARD', KEYS[1])}
            """);

    private static final Logger log = LoggerFactory.getLogger(RedisAsyncStore.class);

    private final RedisReactiveCommands<String, String> redis;
    private final RedisReactiveCommands<String, String> blocking;
    private final JsonMapper json;
    private final String prefix;
    private final Clock clock;
    private final String stream;
    private final String group;
    private final String delayed;
    private final String dead;
    private final AtomicBoolean groupCreated = new AtomicBoolean();
    private final AtomicReference<String> claimCursor = new AtomicReference<>("0-0");

    /**
     * A store on {@code redis}.
     *
     * @param redis    the shared connection's commands, for every command that does not block
     * @param blocking the commands of a connection of this store's own ({@code RedisStoreConnection
     *                 .openDedicatedConnection()}), for {@code XREADGROUP ... BLOCK}
     * @param json     the mapper requests and records are written with
     * @param prefix   the prefix of every key, e.g. {@code faasfed:}
     * @param clock    the clock that dates dead letters
     */
    public RedisAsyncStore(RedisReactiveCommands<String, String> redis, RedisReactiveCommands<String, String> blocking,
                           JsonMapper json, String prefix, Clock clock) {
        this.redis = requireNonNull(redis, "redis");
        this.blocking = requireNonNull(blocking, "blocking");
        if (redis == blocking) {
            throw new IllegalArgumentException("blocking: the shared connection's commands (expected: a dedicated "
                    + "connection's, from RedisStoreConnection.openDedicatedConnection())");
        }
        this.json = requireNonNull(json, "json");
        this.prefix = requireNonNull(prefix, "prefix");
        this.clock = requireNonNull(clock, "clock");
        this.stream = prefix + "async:stream";
        this.group = prefix + "async";
        this.delayed = prefix + "async:delayed";
        this.dead = prefix + "async:dead";
    }

    private static String[] keys(String... keys) {
        return keys;
    }

    /** The stream's key. */
    public String streamKey() {
        return stream;
    }

    /** The consumer group's name. */
    public String group() {
        return group;
    }

    @Override
    public Mono<Submission> submit(AsyncRequest request, CallRecord record, String idempotencyKey,
                                   Duration idempotencyTtl) {
        requireSameCall(request, record);
        if (idempotencyKey != null) {
            requirePositive(idempotencyTtl, "idempotencyTtl");
        }
        return Mono.defer(() -> {
            List<String> keys = new ArrayList<>(List.of(requestKey(request.callId()), recordKey(record.id()), stream));
            if (idempotencyKey != null) {
                keys.add(prefix + "async:idem:" + idempotencyKey);
            }
            return SUBMIT.run(redis, keys.toArray(String[]::new), request.callId(), json.writeValueAsString(request),
                    json.writeValueAsString(record), idempotencyKey == null ? "0"
                            : Long.toString(Math.max(1, idempotencyTtl.toMillis())));
        }).map(reply -> new Submission(string(reply.get(0)), number(reply.get(1)) == 1));
    }

    @Override
    public Mono<List<Job>> take(String consumer, int max, Duration claimIdle, Duration wait) {
        requireNonNull(consumer, "consumer");
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        requireNotNegative(claimIdle, "claimIdle");
        requireNotNegative(wait, "wait");
        return withGroup(() -> claim(consumer, max, claimIdle)).flatMap(claimed -> {
            if (claimed.size() >= max) {
                return Mono.just(claimed);
            }
            Duration block = claimed.isEmpty() ? wait : Duration.ZERO;
            return withGroup(() -> readNew(consumer, max - claimed.size(), block)).map(fresh -> {
                List<Job> all = new ArrayList<>(claimed);
                all.addAll(fresh);
                return List.copyOf(all);
            });
        });
    }

    private Mono<List<Job>> claim(String consumer, int max, Duration claimIdle) {
        return CLAIM.run(redis, keys(stream), group, consumer, Long.toString(claimIdle.toMillis()),
                claimCursor.get(), Integer.toString(max)).map(reply -> {
                    claimCursor.set(string(reply.get(0)));
                    List<Job> jobs = new ArrayList<>();
                    for (Object item : (List<?>) reply.get(1)) {
                        List<?> entry = (List<?>) item;
                        Job job = job(string(entry.get(0)), string(entry.get(1)), string(entry.get(2)),
                                number(entry.get(3)));
                        if (job != null) {
                            jobs.add(job);
                        }
                    }
                    return jobs;
                });
    }

    private Mono<List<Job>> readNew(String consumer, int count, Duration block) {
        XReadArgs args = XReadArgs.Builder.count(count);
        if (!block.isZero()) {
            args.block(block);
        }
        return blocking.xreadgroup(Consumer.from(group, consumer), args, XReadArgs.StreamOffset.lastConsumed(stream))
                .<Job>handle((message, sink) -> {
                    Map<String, String> body = message.getBody();
                    Job job = body == null ? null : job(message.getId(), body.get("kind"), body.get("call"), 1);
                    if (job != null) {
                        sink.next(job);
                    }
                })
                .collectList()
                .timeout(block.plus(BLOCK_MARGIN));
    }

    /** The job an entry holds; null (logged) for an entry this version cannot read, which stays pending. */
    private static Job job(String id, String kind, String call, long deliveries) {
        try {
            return new Job(JobKind.valueOf(kind), call, id, deliveries);
        } catch (RuntimeException e) {
            log.debug("Skipping async stream entry {} (kind {}, call {}): {}", id, kind, call, e.toString());
            return null;
        }
    }

    @Override
    public Mono<Void> touch(String consumer, List<Job> jobs) {
        requireNonNull(consumer, "consumer");
        requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            return Mono.empty();
        }
        String[] ids = jobs.stream().map(Job::entryId).toArray(String[]::new);
        return withGroup(() -> redis.xclaim(stream, Consumer.from(group, consumer),
                XClaimArgs.Builder.justid().minIdleTime(0), ids).then(Mono.just(true))).then();
    }

    @Override
    public Mono<AsyncRequest> request(String callId) {
        requireNonNull(callId, "callId");
        return Mono.defer(() -> redis.get(requestKey(callId))).mapNotNull(value -> read(value, AsyncRequest.class,
                callId));
    }

    @Override
    public Mono<CallRecord> record(String callId) {
        requireNonNull(callId, "callId");
        return Mono.defer(() -> redis.get(recordKey(callId))).mapNotNull(value -> read(value, CallRecord.class,
                callId));
    }

    @Override
    public Mono<Void> save(CallRecord record) {
        requireNonNull(record, "record");
        return Mono.defer(() -> redis.set(recordKey(record.id()), json.writeValueAsString(record),
                io.lettuce.core.SetArgs.Builder.keepttl())).then();
    }

    @Override
    public Mono<Void> retryAt(Job job, CallRecord record, Instant due) {
        requireNonNull(job, "job");
        requireSameCall(job, record);
        requireNonNull(due, "due");
        return Mono.defer(() -> RETRY.run(redis, keys(stream, recordKey(record.id()), requestKey(record.id()),
                delayed), group, job.entryId(), json.writeValueAsString(record), Long.toString(due.toEpochMilli()),
                job.kind() + ":" + job.callId())).then();
    }

    @Override
    public Mono<Void> finish(Job job, CallRecord record, JobKind next, boolean deadLetter, Duration ttl) {
        requireNonNull(job, "job");
        requireSameCall(job, record);
        requirePositive(ttl, "ttl");
        return Mono.defer(() -> FINISH.run(redis, keys(stream, recordKey(record.id()), requestKey(record.id()),
                dead), group, job.entryId(), json.writeValueAsString(record), Long.toString(Math.max(1,
                ttl.toMillis())), next == null ? "" : next.name(), deadLetter ? "1" : "0",
                Long.toString(clock.millis()), record.id())).then();
    }

    @Override
    public Mono<Void> drop(Job job) {
        requireNonNull(job, "job");
        return Mono.defer(() -> redis.xack(stream, group, job.entryId()).then(redis.xdel(stream, job.entryId())))
                .then();
    }

    @Override
    public Mono<Long> promoteDue(Instant now, int max) {
        requireNonNull(now, "now");
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        return Mono.defer(() -> PROMOTE.run(redis, keys(stream, delayed), Long.toString(now.toEpochMilli()),
                Integer.toString(max))).map(reply -> number(reply.get(0)));
    }

    @Override
    public Flux<CallRecord> deadLetters(String tenant, int limit, String after) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        int size = tenant == null ? limit : Math.max(limit, 100);
        return deadPage(after, size)
                .expand(page -> page.size() < 2 * size ? Mono.empty()
                        : deadPage(string(page.get(page.size() - 2)), size))
                .concatMapIterable(page -> {
                    List<CallRecord> records = new ArrayList<>();
                    for (int i = 0; i < page.size(); i += 2) {
                        String id = string(page.get(i));
                        String value = string(page.get(i + 1));
                        CallRecord record = value.isEmpty() ? null : read(value, CallRecord.class, id);
                        if (record != null && (tenant == null || tenant.equals(record.tenant()))) {
                            records.add(record);
                        }
                    }
                    return records;
                })
                .take(limit);
    }

    private Mono<List<Object>> deadPage(String after, int size) {
        return Mono.defer(() -> DEAD_PAGE.run(redis, keys(dead), prefix + "async:call:", after == null ? ""
                : after, Integer.toString(size)));
    }

    @Override
    public Mono<Boolean> replay(String callId, CallRecord record) {
        requireNonNull(callId, "callId");
        requireNonNull(record, "record");
        if (!callId.equals(record.id())) {
            throw new IllegalArgumentException("record: " + record.id() + " (expected: the record of " + callId + ")");
        }
        return Mono.defer(() -> REPLAY.run(redis, keys(dead, recordKey(callId), requestKey(callId), stream),
                callId, json.writeValueAsString(record))).map(reply -> number(reply.get(0)) == 1);
    }

    @Override
    public Mono<QueueStats> stats() {
        return Mono.defer(() -> STATS.run(redis, keys(dead, stream, delayed), prefix + "async:call:", group,
                Integer.toString(PRUNE))).map(reply -> new QueueStats(number(reply.get(0)), number(reply.get(1)),
                number(reply.get(2)), number(reply.get(3))));
    }

    /**
     * Runs {@code command} with the consumer group in place: creates it before the first command, and once more
     * (then runs the command again) when Redis answers {@code NOGROUP}.
     */
    private <T> Mono<T> withGroup(Supplier<Mono<T>> command) {
        Mono<T> run = Mono.defer(command);
        Mono<T> first = groupCreated.get() ? run : createGroup().then(run);
        return first.onErrorResume(RedisAsyncStore::isNoGroup, missing -> {
            log.info("The consumer group {} is missing (Redis restarted without persistence?); creating it again",
                    group);
            return createGroup().then(run);
        });
    }

    private Mono<Void> createGroup() {
        return Mono.defer(() -> redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0-0"), group,
                        XGroupCreateArgs.Builder.mkstream()))
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP"), e -> Mono.empty())
                .doOnSuccess(done -> groupCreated.set(true))
                .then();
    }

    private static boolean isNoGroup(Throwable error) {
        return error instanceof RedisCommandExecutionException && error.getMessage() != null
                && error.getMessage().contains("NOGROUP");
    }

    private <T> T read(String value, Class<T> type, String callId) {
        try {
            return json.readValue(value, type);
        } catch (RuntimeException e) {
            log.debug("Treating the stored {} of call {} as absent: {}", type.getSimpleName(), callId, e.toString());
            return null;
        }
    }

    private String recordKey(String callId) {
        return prefix + "async:call:" + callId;
    }

    private String requestKey(String callId) {
        return prefix + "async:req:" + callId;
    }

    private static String string(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("async store script answered " + value + " (expected: a string)");
    }

    private static long number(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalStateException("async store script answered " + value + " (expected: an integer)");
    }
}

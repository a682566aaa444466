package io.faasfed.gateway.audit;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store shared by every replica with {@code faasfed.store=redis}: one Redis stream, {@code <prefix>audit}, one
 * entry per record ({@code XADD ... MAXLEN ~ <max-records> * time ... detail ...}, absent values left out), read
 * newest first with {@code XREVRANGE}.
 *
 * <p>The trim is approximate: Redis removes whole stream nodes (100 entries each by default), so the stream holds
 * {@code max-records} entries and up to one node more. Filters are applied while reading pages of
 * {@value #PAGE} entries from the newest; {@code since} also bounds the read by the entries' ids (Redis time) minus
 * {@link #CLOCK_SKEW}, so that a gateway clock a little ahead of Redis loses no record, and the records' own times
 * decide.
 */
public final class RedisAuditLog implements AuditLog {

    /** How many entries one read asks for when filters apply. */
    static final int PAGE = 500;
    /** How far a gateway's clock may be ahead of Redis's without a {@code since} read missing records. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(RedisAuditLog.class);

    private final RedisReactiveCommands<String, String> redis;
    private final String key;
    private final long maxRecords;

    /**
     * A store on {@code redis}.
     *
     * @param redis      a reactive connection's commands
     * @param prefix     the prefix of every key, e.g. {@code faasfed:}
     * @param maxRecords how many records the stream is trimmed to (approximately)
     */
    public RedisAuditLog(RedisReactiveCommands<String, String> redis, String prefix, long maxRecords) {
        this.redis = requireNonNull(redis, "redis");
        this.key = requireNonNull(prefix, "prefix") + "audit";
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords: " + maxRecords + " (expected: > 0)");
        }
        this.maxRecords = maxRecords;
    }

    /** The stream's key. */
    public String key() {
        return key;
    }

    @Override
    public Mono<Void> record(AuditRecord record) {
        requireNonNull(record, "record");
        return Mono.defer(() -> redis.xadd(key, new XAddArgs().maxlen(maxRecords).approximateTrimming(),
                fields(record))).then();
    }

    @Override
    public Flux<AuditRecord> recent(AuditQuery query) {
        requireNonNull(query, "query");
        Range.Boundary<String> lower = query.since() == null ? Range.Boundary.unbounded()
                : Range.Boundary.including(Math.max(0, query.since().toEpochMilli() - CLOCK_SKEW.toMillis()) + "-0");
        boolean filtered = query.tenant() != null || query.action() != null || query.since() != null;
        int size = filtered ? PAGE : query.limit();
        return page(lower, Range.Boundary.unbounded(), size)
                .expand(page -> page.size() < size ? Mono.empty()
                        : page(lower, Range.Boundary.excluding(page.get(page.size() - 1).getId()), size))
                .concatMapIterable(page -> page)
                .<AuditRecord>handle((message, sink) -> {
                    AuditRecord record = decode(message);
                    if (record != null) {
                        sink.next(record);
                    }
                })
                .filter(query::matches)
                .take(query.limit());
    }

    private Mono<List<StreamMessage<String, String>>> page(Range.Boundary<String> lower,
                                                            Range.Boundary<String> upper, int size) {
        return redis.xrevrange(key, Range.from(lower, upper), Limit.from(size)).collectList();
    }

    private static Map<String, String> fields(AuditRecord record) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("time", record.time().toString());
        fields.put("callId", record.callId());
        fields.put("actor", record.actor());
        putIfPresent(fields, "tenant", record.tenant());
        fields.put("action", record.action().name());
        fields.put("target", record.target());
        putIfPresent(fields, "platform", record.platform());
        putIfPresent(fields, "scope", record.scope());
        fields.put("outcome", record.outcome().name());
        fields.put("status", Integer.toString(record.status()));
        putIfPresent(fields, "detail", record.detail());
        return fields;
    }

    private static void putIfPresent(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    /** The record an entry holds, or null (logged) for an entry this version cannot read. */
    private static AuditRecord decode(StreamMessage<String, String> message) {
        Map<String, String> body = message.getBody();
        try {
            return new AuditRecord(Instant.parse(body.get("time")), body.get("callId"), body.get("actor"),
                    body.get("tenant"), AuditAction.valueOf(body.get("action")), body.get("target"),
                    body.get("platform"), body.get("scope"), AuditOutcome.valueOf(body.get("outcome")),
                    Integer.parseInt(body.get("status")), body.get("detail"));
        } catch (RuntimeException e) {
            log.debug("Skipping audit stream entry {}: {}", message.getId(), e.toString());
            return null;
        }
    }
}

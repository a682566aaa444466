package io.faasfed.gateway.audit;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log the application uses: writes each record as one JSON line to the logger {@value #LOGGER} (INFO),
 * then keeps it in a store. It never fails: a line that cannot be written or a store that cannot take the record is
 * logged, counted in {@value #FAILURES} and swallowed, so an audit problem never fails the write it audits. Once
 * subscribed, a record is kept even if the subscriber cancels (a caller that goes away does not erase its write).
 *
 * <p>The line is a JSON object with the members {@code time} (ISO-8601), {@code callId}, {@code actor},
 * {@code tenant}, {@code action}, {@code target}, {@code platform}, {@code scope}, {@code outcome}, {@code status} and
 * {@code detail}, absent values as {@code null}. Jackson escapes every control character, so a value holding a line
 * break or a quote stays inside its string: one record is always exactly one line.
 */
public final class LoggingAuditLog implements AuditLog {

    /** The logger every record is written to. */
    public static final String LOGGER = "faasfed.audit";
    /** The counter of records that could not be written or kept. */
    public static final String FAILURES = "faasfed.audit.failures";

    private static final Logger audit = LoggerFactory.getLogger(LOGGER);
    private static final Logger log = LoggerFactory.getLogger(LoggingAuditLog.class);

    private final AuditLog store;
    private final JsonMapper json;
    private final Counter failures;

    /**
     * Records into {@code store}.
     *
     * @param store  where records are kept and read from
     * @param json   the application's mapper, for the log line
     * @param meters where {@value #FAILURES} is registered
     */
    public LoggingAuditLog(AuditLog store, JsonMapper json, MeterRegistry meters) {
        this.store = requireNonNull(store, "store");
        this.json = requireNonNull(json, "json");
        this.failures = Counter.builder(FAILURES)
                .description("Audit records that could not be logged or kept by the audit store")
                .register(requireNonNull(meters, "meters"));
    }

    @Override
    public Mono<Void> record(AuditRecord record) {
        requireNonNull(record, "record");
        return Mono.defer(() -> {
            writeLine(record);
            Mono<Void> kept = Mono.defer(() -> store.record(record)).onErrorResume(error -> {
                failures.increment();
                log.warn("The audit store could not keep the record of call {} ({} {}); it is only in the {} log: {}",
                        record.callId(), record.action(), record.outcome(), LOGGER, error.toString());
                return Mono.empty();
            });
            return Mono.fromFuture(kept.toFuture(), true);
        });
    }

    @Override
    public Flux<AuditRecord> recent(AuditQuery query) {
        return store.recent(requireNonNull(query, "query"));
    }

    /** The record's log line: one JSON object, no line break. */
    String line(AuditRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("time", record.time().toString());
        fields.put("callId", record.callId());
        fields.put("actor", record.actor());
        fields.put("tenant", record.tenant());
        fields.put("action", record.action().name());
        fields.put("target", record.target());
        fields.put("platform", record.platform());
        fields.put("scope", record.scope());
        fields.put("outcome", record.outcome().name());
        fields.put("status", record.status());
        fields.put("detail", record.detail());
        return json.writeValueAsString(fields);
    }

    private void writeLine(AuditRecord record) {
        try {
            audit.info("{}", line(record));
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("The audit line of call {} could not be written: {}", record.callId(), e.toString());
        }
    }
}

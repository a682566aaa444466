package io.faasfed.gateway.audit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where audit records go, and where admins read them back.
 *
 * <p>The application's {@code AuditLog} bean is always a {@link LoggingAuditLog} around a store
 * ({@link InMemoryAuditLog} or {@link RedisAuditLog}): it writes the log line and guarantees that
 * {@link #record(AuditRecord)} never fails. A store used on its own may signal errors.
 */
public interface AuditLog {

    /**
     * Keeps {@code record}. Through the application's bean this never fails and never fails the request it audits:
     * a store that cannot take the record is logged and counted ({@code faasfed.audit.failures}).
     */
    Mono<Void> record(AuditRecord record);

    /** The records that match {@code query}, most recently recorded first, at most {@code query.limit()}. */
    Flux<AuditRecord> recent(AuditQuery query);
}

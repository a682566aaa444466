package io.faasfed.gateway.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The embedded default store: the last {@code capacity} records in this process, the oldest dropped first. Lost on
 * restart and not shared between replicas (the log lines are what lasts).
 */
public final class InMemoryAuditLog implements AuditLog {

    private final int capacity;
    private final Deque<AuditRecord> records = new ArrayDeque<>();

    /** A store of at most {@code capacity} records. */
    public InMemoryAuditLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        }
        this.capacity = capacity;
    }

    @Override
    public Mono<Void> record(AuditRecord record) {
        requireNonNull(record, "record");
        return Mono.fromRunnable(() -> {
            synchronized (records) {
                records.addFirst(record);
                while (records.size() > capacity) {
                    records.removeLast();
                }
            }
        });
    }

    @Override
    public Flux<AuditRecord> recent(AuditQuery query) {
        requireNonNull(query, "query");
        return Flux.defer(() -> {
            List<AuditRecord> found = new ArrayList<>();
            synchronized (records) {
                for (AuditRecord record : records) {
                    if (query.matches(record)) {
                        found.add(record);
                        if (found.size() == query.limit()) {
                            break;
                        }
                    }
                }
            }
            return Flux.fromIterable(found);
        });
    }
}

package io.faasfed.gateway.audit;

import java.time.Instant;

/**
 * Which records to read, newest first.
 *
 * @param tenant only this tenant's records; null: every tenant
 * @param action only this action; null: every action
 * @param since  only records at or after this time; null: no bound
 * @param limit  the most records returned, 1..{@value #MAX_LIMIT}
 */
public record AuditQuery(String tenant, AuditAction action, Instant since, int limit) {

    /** The limit when none is given. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest limit. */
    public static final int MAX_LIMIT = 1000;

    /** Checks the limit. */
    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
        }
    }

    /** The newest {@value #DEFAULT_LIMIT} records of every tenant and action. */
    public static AuditQuery recent() {
        return new AuditQuery(null, null, null, DEFAULT_LIMIT);
    }

    /** Whether {@code record} passes the filters (the limit aside). */
    public boolean matches(AuditRecord record) {
        return (tenant == null || tenant.equals(record.tenant()))
                && (action == null || action == record.action())
                && (since == null || !record.time().isBefore(since));
    }
}

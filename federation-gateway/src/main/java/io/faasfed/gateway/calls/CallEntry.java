package io.faasfed.gateway.calls;

import java.time.Instant;
import java.util.Objects;

/**
 * One call as the call log keeps it.
 *
 * @param id             the gateway's call id (the {@code X-Call-Id} the caller got back)
 * @param tenant         the caller's tenant ({@value CallContext#NO_TENANT} for an anonymous caller)
 * @param parentId       the call this one was made under (the caller's {@code X-Call-Id}); null for a root call
 * @param traceId        the W3C trace id (32 hex digits) the call belongs to; null when unknown
 * @param function       the function's name
 * @param platform       the platform that served it
 * @param status         the HTTP status the caller got; null while unknown (an asynchronous call just accepted)
 * @param startedAt      when the gateway received it
 * @param durationMillis how long it took until its answer's status was known
 * @param kind           {@value #SYNC} or {@value #ASYNC}
 */
public record CallEntry(String id, String tenant, String parentId, String traceId, String function, String platform,
                        Integer status, Instant startedAt, long durationMillis, String kind) {

    /** The kind of a call made on {@code /function/**}. */
    public static final String SYNC = "sync";
    /** The kind of a call submitted on {@code /async-function/**}. */
    public static final String ASYNC = "async";

    /** Requires the identifying fields. */
    public CallEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(kind, "kind");
    }
}

package io.faasfed.gateway.audit;

import static java.util.Objects.requireNonNull;

import io.faasfed.adapter.api.CallIds;
import io.faasfed.gateway.error.Problem;
import io.faasfed.gateway.error.Problems;
import io.faasfed.gateway.invoke.FunctionRoutingFilter;
import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.security.Callers;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Audits a write from the endpoint that makes it: wraps the write's {@link Mono} and records its outcome, with the
 * caller ({@link Callers#current()}) and the request's call id, in the {@link AuditLog}.
 *
 * <pre>{@code
 * return auditor.write(AuditAction.FUNCTION_DELETE, name).platform(platform).scope(scope).status(204)
 *         .around(namespace.delete(name, scope, platform));
 *
 * return auditor.write(AuditAction.FUNCTION_DEPLOY, name).status(201)
 *         .around(deploy, view -> new Auditor.Where(view.platform(), null));
 * }</pre>
 *
 * <p>The write's value (or its completing empty) is recorded as {@link AuditOutcome#SUCCESS}, with the platform the
 * value reports; an error as {@link AuditOutcome#FAILURE} with the status {@link Problems} maps it to (or
 * {@link AuditOutcome#DENIED} for 401/403), and the error goes on to the caller unchanged; a caller that goes away
 * before the write ends as {@code FAILURE} with status {@value #CANCELLED}, since the write may or may not have been
 * done. The record is kept before the answer is sent.
 *
 * <p>The call id is the exchange's ({@link FunctionRoutingFilter#CALL_ID_ATTR}), else the request's
 * {@code X-Call-Id} when it is a plausible id (1 to 128 letters, digits, {@code . _ : -}), else a new one; the exchange
 * comes from the Reactor context, where {@link ServerWebExchangeContextFilter} puts it. A call id chosen here is put
 * on the exchange and sent back in {@code X-Call-Id}, so the caller can quote it.
 */
public final class Auditor {

    /** The status recorded for a write whose caller went away before it ended (nginx's "client closed request"). */
    public static final int CANCELLED = 499;

    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private final AuditLog log;
    private final Clock clock;

    /**
     * An auditor writing to {@code log}.
     *
     * @param log   the application's audit log
     * @param clock the time of records
     */
    public Auditor(AuditLog log, Clock clock) {
        this.log = requireNonNull(log, "log");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Starts describing a write of {@code action} on {@code target} (a function name or key id). */
    public Write write(AuditAction action, String target) {
        return new Write(requireNonNull(action, "action"), requireNonNull(target, "target"));
    }

    /** Runs {@code work} and records its outcome, with no platform. */
    public <T> Mono<T> around(AuditAction action, String target, Mono<T> work) {
        return write(action, target).around(work);
    }

    /** Runs {@code work} and records its outcome, on success with the platform and scope {@code reported} gives. */
    public <T> Mono<T> around(AuditAction action, String target, Function<? super T, Where> reported, Mono<T> work) {
        return write(action, target).around(work, reported);
    }

    /**
     * Records that the current caller was refused {@code action} on {@code target} (outcome
     * {@link AuditOutcome#DENIED}), e.g. from an access-denied handler that knows what was attempted.
     */
    public Mono<Void> denied(AuditAction action, String target, int status, String detail) {
        requireNonNull(action, "action");
        requireNonNull(target, "target");
        return Mono.deferContextual(context -> {
            String callId = callId(context);
            return Callers.current().flatMap(caller -> log.record(new AuditRecord(clock.instant(), callId,
                    caller.keyId(), caller.tenant(), action, target, null, null, AuditOutcome.DENIED, status,
                    detail)));
        });
    }

    private static String callId(ContextView context) {
        Optional<ServerWebExchange> found = ServerWebExchangeContextFilter.getExchange(context);
        if (found.isEmpty()) {
            return CallIds.next();
        }
        ServerWebExchange exchange = found.get();
        Object attribute = exchange.getAttribute(FunctionRoutingFilter.CALL_ID_ATTR);
        if (attribute != null && CALL_ID.matcher(attribute.toString()).matches()) {
            return attribute.toString();
        }
        String header = exchange.getRequest().getHeaders().getFirst(FunctionRoutingFilter.CALL_ID_HEADER);
        String callId = header != null && CALL_ID.matcher(header.trim()).matches() ? header.trim() : CallIds.next();
        exchange.getAttributes().put(FunctionRoutingFilter.CALL_ID_ATTR, callId);
        exchange.getResponse().beforeCommit(() -> {
            if (!exchange.getResponse().getHeaders().containsHeader(FunctionRoutingFilter.CALL_ID_HEADER)) {
                exchange.getResponse().getHeaders().set(FunctionRoutingFilter.CALL_ID_HEADER, callId);
            }
            return Mono.empty();
        });
        return callId;
    }

    /**
     * Where a write went.
     *
     * @param platform the platform id, or null
     * @param scope    the scope on it, or null for the default
     */
    public record Where(String platform, String scope) {
    }

    /** One write being described; used once, for one request. */
    public final class Write {
        private final AuditAction action;
        private final String target;
        private String platform;
        private String scope;
        private String tenant;
        private int status = 200;
        private String detail;

        private Write(AuditAction action, String target) {
            this.action = action;
            this.target = target;
        }

        /** The platform the write goes to, when known before it is done (e.g. named by the request). */
        public Write platform(String platform) {
            this.platform = platform;
            return this;
        }

        /** The scope the write goes to, when known before it is done. */
        public Write scope(String scope) {
            this.scope = scope;
            return this;
        }

        /** The tenant the write acts in when it is not the caller's own (an admin acting for a tenant). */
        public Write tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** The status the caller gets when the write succeeds; 200 unless set. */
        public Write status(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
            }
            this.status = status;
            return this;
        }

        /** A short sentence recorded on success (never a secret), e.g. {@code "replicas 3"}. */
        public Write detail(String detail) {
            this.detail = detail;
            return this;
        }

        /** Runs {@code work} and records its outcome, with the platform and scope set on this write. */
        public <T> Mono<T> around(Mono<T> work) {
            return around(work, value -> null);
        }

        /**
         * Runs {@code work} and records its outcome; on success with what {@code reported} gives for the value (null,
         * or null members: the platform and scope set on this write).
         */
        public <T> Mono<T> around(Mono<T> work, Function<? super T, Where> reported) {
            requireNonNull(work, "work");
            requireNonNull(reported, "reported");
            return Mono.deferContextual(context -> {
                String callId = callId(context);
                return Callers.current().flatMap(caller -> {
                    AtomicBoolean ended = new AtomicBoolean();
                    return work
                            .flatMap(value -> {
                                ended.set(true);
                                return log.record(success(caller, callId, where(reported, value))).thenReturn(value);
                            })
                            .switchIfEmpty(Mono.defer(() -> {
                                ended.set(true);
                                return log.record(success(caller, callId, null)).then(Mono.empty());
                            }))
                            .onErrorResume(error -> ended.getAndSet(true) ? Mono.error(error)
                                    : log.record(failure(caller, callId, error)).then(Mono.error(error)))
                            .doOnCancel(() -> {
                                if (!ended.getAndSet(true)) {
                                    log.record(record(caller, callId, platform, scope, AuditOutcome.FAILURE,
                                            CANCELLED, "the caller went away before the write ended; it may or may "
                                                    + "not have been done")).subscribe();
                                }
                            });
                });
            });
        }

        private <T> Where where(Function<? super T, Where> reported, T value) {
            try {
                return reported.apply(value);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private AuditRecord success(Caller caller, String callId, Where where) {
            String recordedPlatform = where == null || where.platform() == null ? platform : where.platform();
            String recordedScope = where == null || where.scope() == null ? scope : where.scope();
            return record(caller, callId, recordedPlatform, recordedScope, AuditOutcome.SUCCESS, status, detail);
        }

        private AuditRecord failure(Caller caller, String callId, Throwable error) {
            Problem problem = Problems.of(error, platform);
            int code = problem.status();
            String text = problem.title() + ": " + problem.detail();
            if (error instanceof AccessDeniedException) {
                code = 403;
                text = "access denied";
            } else if (error instanceof AuthenticationException) {
                code = 401;
                text = "not authenticated";
            }
            AuditOutcome outcome = code == 401 || code == 403 ? AuditOutcome.DENIED : AuditOutcome.FAILURE;
            Object reportedPlatform = problem.extensions().get("platform");
            return record(caller, callId, reportedPlatform instanceof String id ? id : platform, scope, outcome, code,
                    text);
        }

        private AuditRecord record(Caller caller, String callId, String recordedPlatform, String recordedScope,
                                   AuditOutcome outcome, int code, String text) {
            return new AuditRecord(clock.instant(), callId, caller.keyId(), tenant != null ? tenant : caller.tenant(),
                    action, target, recordedPlatform, recordedScope, outcome, code, text);
        }
    }
}

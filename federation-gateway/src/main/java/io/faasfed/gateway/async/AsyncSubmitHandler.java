package io.faasfed.gateway.async;

import io.faasfed.adapter.api.CallIds;
import io.faasfed.adapter.api.Headers;
import io.faasfed.gateway.async.callback.CallbackGuard;
import io.faasfed.gateway.async.callback.CallbackRefused;
import io.faasfed.gateway.calls.CallContext;
import io.faasfed.gateway.calls.CallEntry;
import io.faasfed.gateway.calls.CallRecorder;
import io.faasfed.gateway.error.BadRequest;
import io.faasfed.gateway.invoke.FunctionPath;
import io.faasfed.gateway.invoke.InvocationAccess;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.Placement;
import io.faasfed.gateway.security.Caller;
import io.faasfed.gateway.security.Callers;
import io.faasfed.gateway.tracing.CallTracing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code POST /async-function/{name}[.{namespace}][/**]}, in OpenFaaS' shape: the name is resolved among the functions
 * the caller may invoke (an unknown one is 404 at once, never a 202 for nothing), the body is read up to
 * {@code faasfed.invoke.max-body-size} (413 past it), an {@code X-Callback-Url} is checked by the SSRF guard (400
 * naming the rule), and the call is stored durably with its queued record; only then the answer is 202, empty, with
 * {@code X-Call-Id} (and {@code Location} of its record). A store that cannot be reached is 503: the call was not
 * accepted. {@code X-Idempotency-Key} makes a resubmit of the same function by the same tenant, within
 * {@code faasfed.async.idempotency-ttl}, answer the first call's id without running it again.
 *
 * <p>The call id is always the gateway's own; a caller's {@code X-Call-Id} (1 to 128 printable characters, else
 * ignored) is passed to the function as {@code X-Parent-Call-Id} (a caller-chosen id must never name, or overwrite,
 * another tenant's record), is the record's {@code parentId}, and links the call under its parent in the call log.
 * The submit's server span is stored as the call's trace context ({@code traceparent}, in place of a caller's), so
 * that the attempts, on whichever replica, continue the submitter's trace.
 */
public final class AsyncSubmitHandler {

    /** The path prefix. */
    public static final String PREFIX = "/async-function/";
    /** The callback URL header. */
    public static final String CALLBACK_HEADER = "X-Callback-Url";
    /** The idempotency key header. */
    public static final String IDEMPOTENCY_HEADER = "X-Idempotency-Key";
    /** Set on the answer to a resubmit that matched an earlier call's idempotency key. */
    public static final String DUPLICATE_HEADER = "X-Faasfed-Idempotent-Replay";
    /** The Retry-After of a submit refused because the store is away. */
    static final Duration STORE_AWAY_RETRY = Duration.ofSeconds(5);
    /** The Retry-After of a submit refused because the queue is full. */
    static final Duration QUEUE_FULL_RETRY = Duration.ofSeconds(10);
    /** The longest idempotency key accepted. */
    static final int MAX_IDEMPOTENCY_KEY = 200;

    private static final Logger log = LoggerFactory.getLogger(AsyncSubmitHandler.class);

    /**
     * Request headers never stored with a call: connection-level, the caller's credentials, ours, and
     * {@code Accept-Encoding} (the gateway reads the answer into the call's record, so it asks for it unencoded).
     */
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "authorization", "cookie", "content-length", "expect", "x-callback-url", "x-idempotency-key",
            "x-call-id", "x-parent-call-id", "accept-encoding");

    private final FederatedNamespace namespace;
    private final InvocationAccess access;
    private final AsyncStore store;
    private final CallbackGuard guard;
    private final AsyncProperties properties;
    private final AsyncMetrics metrics;
    private final String defaultNamespace;
    private final long maxBodyBytes;
    private final Clock clock;
    private final CallTracing tracing;
    private final CallRecorder recorder;

    /**
     * @param namespace        where names resolve
     * @param access           which placements a caller may invoke
     * @param store            where calls are stored
     * @param guard            the callback URL guard
     * @param properties       the async settings
     * @param metrics          where submits are counted
     * @param defaultNamespace the OpenFaaS namespace that means the default scope
     * @param maxBodyBytes     the largest body accepted
     * @param clock            the time of records
     * @param tracing          the trace context stored with each call
     */
    public AsyncSubmitHandler(FederatedNamespace namespace, InvocationAccess access, AsyncStore store,
                              CallbackGuard guard, AsyncProperties properties, AsyncMetrics metrics,
                              String defaultNamespace, long maxBodyBytes, Clock clock, CallTracing tracing) {
        this(namespace, access, store, guard, properties, metrics, defaultNamespace, maxBodyBytes, clock, tracing,
                CallRecorder.NONE);
    }

    /**
     * The handler that also links each accepted call to its parent in the call log, through {@code recorder}.
     *
     * @param namespace        where names resolve
     * @param access           which placements a caller may invoke
     * @param store            where calls are stored
     * @param guard            the callback URL guard
     * @param properties       the async settings
     * @param metrics          where submits are counted
     * @param defaultNamespace the OpenFaaS namespace that means the default scope
     * @param maxBodyBytes     the largest body accepted
     * @param clock            the time of records
     * @param tracing          the trace context stored with each call
     * @param recorder         the call log's recorder
     */
    public AsyncSubmitHandler(FederatedNamespace namespace, InvocationAccess access, AsyncStore store,
                              CallbackGuard guard, AsyncProperties properties, AsyncMetrics metrics,
                              String defaultNamespace, long maxBodyBytes, Clock clock, CallTracing tracing,
                              CallRecorder recorder) {
        this.tracing = tracing;
        this.recorder = recorder;
        this.namespace = namespace;
        this.access = access;
        this.store = store;
        this.guard = guard;
        this.properties = properties;
        this.metrics = metrics;
        this.defaultNamespace = defaultNamespace;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** Handles one submit. */
    public Mono<ServerResponse> submit(ServerRequest request) {
        if (request.method() != HttpMethod.POST) {
            return Mono.error(new MethodNotAllowedException(request.method(), Set.of(HttpMethod.POST)));
        }
        HttpHeaders headers = request.headers().asHttpHeaders();
        if (headers.getContentLength() > maxBodyBytes) {
            return Mono.error(tooLarge());
        }
        FunctionPath path;
        String idempotencyKey;
        try {
            path = FunctionPath.parse(request.exchange().getRequest().getURI().getRawPath(), PREFIX,
                    defaultNamespace);
            idempotencyKey = idempotencyKey(headers.getFirst(IDEMPOTENCY_HEADER));
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        String callbackUrl = headers.getFirst(CALLBACK_HEADER);
        if (callbackUrl != null && callbackUrl.isBlank()) {
            callbackUrl = null;
        }
        String callback = callbackUrl;
        Mono<Void> callbackChecked = callback == null ? Mono.empty()
                : guard.check(callback).onErrorMap(CallbackRefused.class, refused -> new BadRequest(
                        CALLBACK_HEADER + ": " + refused.getMessage())).then();
        return access.invocable(request.exchange(), path.scope())
                .flatMap(visible -> namespace.route(path.name(), path.scope(), visible))
                .flatMap(route -> callbackChecked.then(body(request)).flatMap(body -> Callers.current()
                        .flatMap(caller -> store(request, path, route.placement(), caller, body, callback,
                                idempotencyKey))));
    }

    private Mono<ServerResponse> store(ServerRequest request, FunctionPath path, Placement placement, Caller caller,
                                       byte[] body, String callback, String idempotencyKey) {
        String tenant = caller.tenant() == null ? "-" : caller.tenant();
        String callId = CallIds.next();
        AsyncRequest call = new AsyncRequest(callId, tenant, path.name(), path.scope(), placement.platform().value(),
                placement.scope(), placement.ref().backendId(), path.extraPath(),
                request.exchange().getRequest().getURI().getRawQuery(), storedHeaders(request), body, callback,
                maxAttempts(placement), timeout(placement), clock.instant());
        String scopedKey = idempotencyKey == null ? null : scoped(tenant, placement, idempotencyKey);
        long depth = metrics.stats().depth();
        if (depth >= properties.getMaxQueued()) {
            return Mono.error(new AsyncUnavailableException("the asynchronous queue is full (" + depth + " jobs, "
                    + AsyncProperties.PREFIX + ".max-queued is " + properties.getMaxQueued() + "), so the call was not "
                    + "accepted; submit it again later", QUEUE_FULL_RETRY, null));
        }
        CallRecord queued = CallRecord.queued(call);
        return store.submit(call, queued, scopedKey, properties.getIdempotencyTtl())
                .onErrorMap(error -> !(error instanceof ResponseStatusException), error -> {
                    log.warn("async call of '{}' not accepted: the store failed ({})", path.name(), error.toString());
                    return new AsyncUnavailableException("the asynchronous queue's store cannot be reached, so the "
                            + "call was not accepted; submit it again later", STORE_AWAY_RETRY, error);
                })
                .flatMap(submission -> {
                    if (!submission.duplicate()) {
                        metrics.submitted(call.platform());
                        recorder.record(new CallEntry(call.callId(), tenant, queued.parentId(), queued.traceId(),
                                call.function(), call.platform(), null, call.submittedAt(), 0, CallEntry.ASYNC));
                    }
                    ServerResponse.BodyBuilder accepted = ServerResponse.accepted()
                            .header("X-Call-Id", submission.callId())
                            .header(HttpHeaders.LOCATION, "/federation/v1/calls/" + submission.callId())
                            .header("X-Faasfed-Platform", call.platform());
                    if (submission.duplicate()) {
                        accepted.header(DUPLICATE_HEADER, "true");
                    }
                    return accepted.build();
                });
    }

    private Mono<byte[]> body(ServerRequest request) {
        return DataBufferUtils.join(request.body((message, context) -> message.getBody()), (int) Math.min(
                        Integer.MAX_VALUE, maxBodyBytes))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, over -> tooLarge());
    }

    private Map<String, List<String>> storedHeaders(ServerRequest request) {
        Map<String, List<String>> kept = new LinkedHashMap<>();
        HttpHeaders headers = request.headers().asHttpHeaders();
        Map<String, String> trace = tracing.propagation(tracing.server(request.exchange()));
        Set<String> named = new java.util.HashSet<>();
        headers.getOrEmpty(HttpHeaders.CONNECTION).forEach(value -> {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        });
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_STORED.contains(lower) && !named.contains(lower) && !Headers.HOP_BY_HOP.contains(lower)
                    && (trace.isEmpty() || !tracing.isPropagationHeader(lower))) {
                kept.put(name, new ArrayList<>(values));
            }
        });
        trace.forEach((name, value) -> kept.put(name, List.of(value)));
        String parent = CallContext.parentId(headers.getFirst(CallContext.CALL_ID_HEADER));
        if (parent != null) {
            kept.put(CallContext.PARENT_CALL_ID_HEADER, List.of(parent));
        }
        return kept;
    }

    private int maxAttempts(Placement placement) {
        String label = placement.function().labels().get(AsyncProperties.MAX_ATTEMPTS_LABEL);
        if (label != null) {
            try {
                int value = Integer.parseInt(label.trim());
                if (value >= 1 && value <= 100) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // falls back to the default below, as a label that does not parse
            }
            log.debug("function '{}': label {}={} is not a number from 1 to 100; using {}", placement.name(),
                    AsyncProperties.MAX_ATTEMPTS_LABEL, label, properties.getMaxAttempts());
        }
        return properties.getMaxAttempts();
    }

    private Duration timeout(Placement placement) {
        Duration own = placement.function().limits() == null ? null : placement.function().limits().timeout();
        return own != null ? own : properties.getTimeout();
    }

    private static String idempotencyKey(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_IDEMPOTENCY_KEY || !value.chars().allMatch(c -> c > 0x20
                && c < 0x7f)) {
            throw new BadRequest(IDEMPOTENCY_HEADER + ": expected 1 to " + MAX_IDEMPOTENCY_KEY
                    + " visible ASCII characters without spaces (e.g. a UUID)");
        }
        return value;
    }

    /** The key as stored: one tenant's key for one function, hashed (so no caller text becomes a store key). */
    private static String scoped(String tenant, Placement placement, String key) {
        String text = tenant + '\n' + placement.platform().value() + '\n' + (placement.scope() == null ? ""
                : placement.scope()) + '\n' + placement.name() + '\n' + key;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than "
                + maxBodyBytes + " bytes (faasfed.invoke.max-body-size)");
    }
}

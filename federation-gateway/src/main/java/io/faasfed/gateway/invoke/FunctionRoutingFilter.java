package io.faasfed.gateway.invoke;

import io.faasfed.adapter.api.CallIds;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.http.Buffers;
import io.faasfed.adapter.http.HttpHeadersConverter;
import io.faasfed.gateway.calls.CallContext;
import io.faasfed.gateway.calls.CallEntry;
import io.faasfed.gateway.calls.CallRecorder;
import io.faasfed.gateway.error.Problems;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.tracing.CallTracing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The invocation path of {@code /function/{name}[.{namespace}][/**]}. It resolves the name in the federated
 * namespace, then either forwards the request itself on the platform's pooled HTTP client (when the adapter
 * describes a plain HTTP {@link ForwardTarget}: OpenFaaS, Fn triggers, OpenWhisk web actions), streaming the body
 * both ways untouched, or calls the adapter's {@link FaasPlatform#invoke} and streams its answer back (calls that
 * need translation).
 *
 * <p>On the forward path the adapter's {@link ForwardTarget.ResponseClassifier} tells the platform's own error
 * answers from the function's: the function's answers (any status) pass through untouched, the platform's become
 * problem documents. A platform's "no such function" evicts the placement, resolves the name again once and, when
 * no byte of the request body was sent yet, calls once more.
 *
 * <p>Every call gets the gateway's own id, sent to the function and back to the caller as {@code X-Call-Id}. A
 * caller's {@code X-Call-Id} (1 to 128 printable characters, else ignored) names the call's parent: the function gets
 * it as {@code X-Parent-Call-Id}, so a function that calls the gateway with the {@code X-Call-Id} it received makes
 * its calls children of its own. Every answer also carries {@code X-Platform-Call-Id} (the platform's own call id,
 * when it gave one), {@code X-Faasfed-Platform} and {@code X-Duration-Seconds}; the call is measured and, once its
 * status is known, handed to the {@link CallRecorder} (one non-blocking enqueue).
 */
public final class FunctionRoutingFilter implements GatewayFilter, Ordered {

    /** Runs right after the route's URL is set, before the Netty routing filter (which it never calls). */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    /** The exchange attribute that names the platform a call was routed to. */
    public static final String PLATFORM_ATTR = "faasfed.platform";
    /** The exchange attribute that holds the call id. */
    public static final String CALL_ID_ATTR = "faasfed.callId";
    /** The call id header: the gateway's id of the call, both ways; a caller's own names the call's parent. */
    public static final String CALL_ID_HEADER = CallContext.CALL_ID_HEADER;
    /** The header that tells the function the id of the call it was made under, when the caller named one. */
    public static final String PARENT_CALL_ID_HEADER = CallContext.PARENT_CALL_ID_HEADER;
    /** The response header with the platform's own call id (OpenFaaS, Fn-Call-Id, OpenWhisk activation id). */
    public static final String PLATFORM_CALL_ID_HEADER = "X-Platform-Call-Id";
    /** The header naming the platform that served a call. */
    public static final String PLATFORM_HEADER = "X-Faasfed-Platform";
    /** The header with the call's duration in seconds, as the OpenFaaS watchdog sends it. */
    public static final String DURATION_HEADER = "X-Duration-Seconds";

    private static final Logger log = LoggerFactory.getLogger(FunctionRoutingFilter.class);

    /**
     * Request headers that describe one connection (RFC 9110 section 7.6.1), that the client sets itself, or that
     * carry the caller's credentials for the gateway ({@code Authorization}): a function never sees the key it was
     * called with.
     */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "authorization");

    private final FederatedNamespace namespace;
    private final InvocationMetrics metrics;
    private final ForwardClients clients;
    private final String prefix;
    private final String defaultNamespace;
    private final long maxBodyBytes;
    private final Duration timeout;
    private final InvocationAccess access;
    private final CallTracing tracing;
    private final CallRecorder recorder;

    /**
     * The filter for routes under {@code prefix}.
     *
     * @param namespace        where names resolve
     * @param metrics          where calls are counted
     * @param clients          each platform's pooled client for forwarded calls
     * @param prefix           the path prefix, e.g. {@code /function/}
     * @param defaultNamespace the OpenFaaS namespace that means the default scope
     * @param maxBodyBytes     the largest request body accepted
     * @param timeout          how long a call may take ({@code faasfed.invoke.timeout})
     */
    public FunctionRoutingFilter(FederatedNamespace namespace, InvocationMetrics metrics, ForwardClients clients,
                                 String prefix, String defaultNamespace, long maxBodyBytes, Duration timeout) {
        this(namespace, metrics, clients, prefix, defaultNamespace, maxBodyBytes, timeout, InvocationAccess.ALL,
                CallRecorder.NONE);
    }

    /**
     * The filter for routes under {@code prefix}, resolving names among the placements {@code access} lets each
     * caller reach, and recording each call that reached a platform with {@code recorder}
     * ({@link CallRecorder#NONE} for none).
     */
    public FunctionRoutingFilter(FederatedNamespace namespace, InvocationMetrics metrics, ForwardClients clients,
                                 String prefix, String defaultNamespace, long maxBodyBytes, Duration timeout,
                                 InvocationAccess access, CallRecorder recorder) {
        this(namespace, metrics, clients, prefix, defaultNamespace, maxBodyBytes, timeout, access, CallTracing.noop(),
                recorder);
    }

    /**
     * The filter for routes under {@code prefix}, each call to a platform a client span of {@code tracing} that the
     * platform receives as {@code traceparent}.
     */
    public FunctionRoutingFilter(FederatedNamespace namespace, InvocationMetrics metrics, ForwardClients clients,
                                 String prefix, String defaultNamespace, long maxBodyBytes, Duration timeout,
                                 InvocationAccess access, CallTracing tracing) {
        this(namespace, metrics, clients, prefix, defaultNamespace, maxBodyBytes, timeout, access, tracing,
                CallRecorder.NONE);
    }

    /**
     * The filter for routes under {@code prefix}: names resolve among the placements {@code access} lets each caller
     * reach, each call to a platform is a client span of {@code tracing} (the platform receives it as
     * {@code traceparent}), and each call that reached a platform is recorded with {@code recorder}.
     */
    public FunctionRoutingFilter(FederatedNamespace namespace, InvocationMetrics metrics, ForwardClients clients,
                                 String prefix, String defaultNamespace, long maxBodyBytes, Duration timeout,
                                 InvocationAccess access, CallTracing tracing, CallRecorder recorder) {
        this.tracing = tracing;
        this.access = access;
        this.recorder = recorder;
        this.namespace = namespace;
        this.metrics = metrics;
        this.clients = clients;
        this.prefix = prefix;
        this.defaultNamespace = defaultNamespace;
        this.maxBodyBytes = maxBodyBytes;
        this.timeout = timeout;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long start = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        String callId = CallIds.next();
        exchange.getAttributes().put(CALL_ID_ATTR, callId);
        // the caller's id never becomes ours (it could name another tenant's call): it is the parent
        String parentId = CallContext.parentId(request.getHeaders().getFirst(CALL_ID_HEADER));
        long length = request.getHeaders().getContentLength();
        if (length > maxBodyBytes) {
            return Mono.error(tooLarge());
        }
        FunctionPath path;
        try {
            path = FunctionPath.parse(request.getURI().getRawPath(), prefix, defaultNamespace);
        } catch (RuntimeException e) {
            return Mono.error(e);
        }
        Sinks.Empty<Void> overLimit = Sinks.empty();
        Call call = new Call(exchange, path, callId, parentId, start,
                new RequestBody(limitedBody(request.getBody(), path, overLimit)), new AtomicReference<>());
        // a body over the limit ends the call at once: the platform exchange is cancelled (its connection closed,
        // so the platform never sees a complete request) and the caller gets 413
        return Mono.firstWithSignal(resolveAndCall(call, false), overLimit.asMono());
    }

    private Mono<Void> resolveAndCall(Call call, boolean retry) {
        FunctionPath path = call.path();
        Mono<String> tenant = recorder.enabled() && call.tenant().get() == null ? access.tenant(call.exchange())
                .defaultIfEmpty(CallContext.NO_TENANT).doOnNext(call.tenant()::set)
                : Mono.just(CallContext.NO_TENANT);
        return access.invocable(call.exchange(), path.scope()).zipWith(tenant, (visible, any) -> visible)
                .flatMap(visible -> namespace.route(path.name(), path.scope(), visible)).flatMap(route -> {
            String platformId = route.platform().id().value();
            call.exchange().getAttributes().put(PLATFORM_ATTR, platformId);
            FaasPlatform platform = route.platform().platform();
            Mono<Void> served = platform.forwardTarget(route.ref())
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(target -> target.isPresent()
                            ? forward(call, target.get(), platformId)
                            .onErrorResume(FaasException.FunctionNotFound.class, gone -> repair(call, route, gone,
                                    retry))
                            : translate(call, platform, route.ref(), platformId));
            // a repaired call's failure is recorded once, by the first attempt
            return retry ? served : served.doOnError(error -> finished(call, platformId,
                    Problems.of(error, platformId).status()));
        });
    }

    /**
     * The platform no longer has the function where the registry said: the placement is evicted, and the name
     * resolved again and called once more when no byte of the body has been sent yet; else the caller gets 404.
     */
    private Mono<Void> repair(Call call, FederatedNamespace.Route route, FaasException.FunctionNotFound gone,
                              boolean retried) {
        log.info("platform '{}' no longer serves '{}' at its registered address; evicting that placement{}",
                route.platform().id(), call.path().name(), retried || !call.body().replayable() ? ""
                        : " and resolving it again");
        Mono<Void> evicted = namespace.evict(route.placement());
        if (retried || !call.body().replayable()) {
            return evicted.then(Mono.error(gone));
        }
        call.exchange().getAttributes().remove(PLATFORM_ATTR);
        return evicted.then(Mono.defer(() -> resolveAndCall(call, true)));
    }

    /** A forwarded call, in its client span. */
    private Mono<Void> forward(Call call, ForwardTarget target, String platformId) {
        return tracing.traceCall(tracing.server(call.exchange()), platformId, call.path().name(),
                call.callId(), span -> forward(call, target, platformId, span));
    }

    private Mono<Void> forward(Call call, ForwardTarget target, String platformId, CallTracing.Call span) {
        ServerWebExchange exchange = call.exchange();
        ServerHttpRequest request = exchange.getRequest();
        ForwardClients.Client client = clients.of(platformId);
        if (client == null) {
            return Mono.error(new FaasException.PlatformUnavailable(PlatformId.of(platformId),
                    "has no HTTP client for forwarded calls", null));
        }
        String rawQuery = request.getURI().getRawQuery();
        String base = target.uri().toString();
        if (base.endsWith("/") && call.path().extraPath().startsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri = URI.create(base + call.path().extraPath() + (rawQuery == null ? "" : "?" + rawQuery));
        String callId = call.callId();
        return client.http()
                .headers(out -> {
                    request.getHeaders().forEach((name, values) -> {
                        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !span.replaces(name)) {
                            out.add(name, values);
                        }
                    });
                    span.headers().forEach(out::set);
                    out.set(CALL_ID_HEADER, callId);
                    out.remove(PARENT_CALL_ID_HEADER);
                    if (call.parentId() != null) {
                        out.set(PARENT_CALL_ID_HEADER, call.parentId());
                    }
                    forwardedFor(request, out);
                    target.requestHeaders().values().forEach((name, values) -> out.set(name, values));
                })
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(request.getMethod().name()))
                .uri(uri)
                .send((out, outbound) -> outbound.send(call.body().flux()))
                .responseConnection((response, connection) -> answer(call, target, platformId, response,
                        connection.inbound().receive()))
                .then()
                .onErrorMap(error -> forwardFailure(error, platformId, client, call.path().name()));
    }

    private static void forwardedFor(ServerHttpRequest request, io.netty.handler.codec.http.HttpHeaders out) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            String previous = request.getHeaders().getFirst("X-Forwarded-For");
            String address = remote.getAddress().getHostAddress();
            out.set("X-Forwarded-For", previous == null ? address : previous + ", " + address);
        }
        if (request.getHeaders().getFirst("X-Forwarded-Proto") == null) {
            out.set("X-Forwarded-Proto", request.getURI().getScheme() == null ? "http" : request.getURI().getScheme());
        }
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host != null && request.getHeaders().getFirst("X-Forwarded-Host") == null) {
            out.set("X-Forwarded-Host", host);
        }
    }

    /** The platform's answer: passed through when it is the function's, a failure when it is the platform's. */
    private Mono<Void> answer(Call call, ForwardTarget target, String platformId, HttpClientResponse response,
                              ByteBufFlux body) {
        int status = response.status().code();
        ForwardTarget.ResponseClassifier classifier = target.classifier();
        if (status < 400 || classifier == ForwardTarget.ResponseClassifier.FUNCTION_ANSWERS) {
            return passThrough(call, target, platformId, response, body.retain());
        }
        Headers headers = headersOf(response.responseHeaders());
        int wanted = Math.min(classifier.bodyPrefix(status, headers), ForwardTarget.ResponseClassifier.MAX_BODY_PREFIX);
        if (wanted <= 0) {
            FaasException failure = classifier.classify(status, headers, "");
            return failure == null ? passThrough(call, target, platformId, response, body.retain())
                    : body.then(Mono.error(failure));
        }
        return body.retain().switchOnFirst((first, all) -> {
            String prefixText = first.hasValue() ? first.get().toString(first.get().readerIndex(),
                    Math.min(wanted, first.get().readableBytes()), StandardCharsets.UTF_8) : "";
            FaasException failure = classifier.classify(status, headers, prefixText);
            if (failure == null) {
                return passThrough(call, target, platformId, response, all);
            }
            return all.doOnNext(ByteBuf::release).then(Mono.error(failure));
        }).then();
    }

    private static Headers headersOf(io.netty.handler.codec.http.HttpHeaders netty) {
        Headers.Builder builder = Headers.builder();
        netty.forEach(header -> builder.add(header.getKey(), header.getValue()));
        return builder.build();
    }

    private Mono<Void> passThrough(Call call, ForwardTarget target, String platformId, HttpClientResponse platform,
                                   Flux<ByteBuf> body) {
        ServerHttpResponse response = call.exchange().getResponse();
        int status = platform.status().code();
        response.setStatusCode(HttpStatusCode.valueOf(status));
        HttpHeaders out = response.getHeaders();
        Set<String> named = connectionNamed(platform.responseHeaders().getAll(HttpHeaders.CONNECTION));
        platform.responseHeaders().forEach(header -> {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (!Headers.HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
                out.add(header.getKey(), header.getValue());
            }
        });
        String platformCallId = target.callIdResponseHeader() == null ? null
                : platform.responseHeaders().get(target.callIdResponseHeader());
        decorate(out, call.callId(), platformCallId, platformId, call.start());
        finished(call, platformId, status);
        DataBufferFactory factory = response.bufferFactory();
        return response.writeWith(body.map(buffer -> wrap(factory, buffer)));
    }

    private static DataBuffer wrap(DataBufferFactory factory, ByteBuf buffer) {
        if (factory instanceof NettyDataBufferFactory netty) {
            return netty.wrap(buffer);
        }
        try {
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return factory.wrap(bytes);
        } finally {
            buffer.release();
        }
    }

    private static Set<String> connectionNamed(java.util.List<String> connection) {
        if (connection.isEmpty()) {
            return Set.of();
        }
        java.util.HashSet<String> named = new java.util.HashSet<>();
        connection.forEach(value -> {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        });
        return named;
    }

    /** Network failures of a forwarded call, in the SPI's terms, naming the limit that fired. */
    private Throwable forwardFailure(Throwable error, String platformId, ForwardClients.Client client, String name) {
        if (error instanceof FaasException || error instanceof ResponseStatusException) {
            return error;
        }
        PlatformId id = PlatformId.of(platformId);
        Throwable cause = error;
        while (cause != null) {
            if (cause instanceof ReadTimeoutException) {
                return new FaasException.Timeout(id, "call of '" + name + "': no answer within "
                        + human(client.timeout()) + " (" + client.timeoutProperty() + ")", client.timeout(), error);
            }
            if (cause instanceof ConnectTimeoutException) {
                return new FaasException.PlatformUnavailable(id, "cannot be reached: no connection within its "
                        + "connect-timeout (faasfed.platforms." + platformId + ".connect-timeout)", error);
            }
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause.getClass().getSimpleName().equals("PoolAcquirePendingLimitException")) {
                return new FaasException.PlatformUnavailable(id, "every connection to it is busy (faasfed.platforms."
                        + platformId + ".max-connections)", error);
            }
            if (cause instanceof PrematureCloseException) {
                return new FaasException.PlatformUnavailable(id, "closed the connection before answering", error,
                        502, null);
            }
            if (cause instanceof ConnectException || cause instanceof java.io.IOException) {
                return new FaasException.PlatformUnavailable(id, "cannot be reached", error);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return error;
    }

    private static String human(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** A translated call, in its client span. */
    private Mono<Void> translate(Call call, FaasPlatform platform, FunctionRef ref, String platformId) {
        return tracing.traceCall(tracing.server(call.exchange()), platformId, call.path().name(),
                call.callId(), span -> translate(call, platform, ref, platformId, span));
    }

    private Mono<Void> translate(Call call, FaasPlatform platform, FunctionRef ref, String platformId,
                                 CallTracing.Call span) {
        ServerWebExchange exchange = call.exchange();
        ServerHttpRequest request = exchange.getRequest();
        FunctionPath path = call.path();
        Headers headers = span.applyTo(HttpHeadersConverter.fromSpring(request.getHeaders()).without(HttpHeaders.HOST)
                .without(HttpHeaders.CONTENT_LENGTH).without(HttpHeaders.AUTHORIZATION))
                .with(CALL_ID_HEADER, call.callId()).without(PARENT_CALL_ID_HEADER);
        if (call.parentId() != null) {
            headers = headers.with(PARENT_CALL_ID_HEADER, call.parentId());
        }
        Invocation invocation = Invocation.builder(ref)
                .method(request.getMethod().name().toUpperCase(Locale.ROOT))
                .path(path.extraPath())
                .query(request.getURI().getRawQuery())
                .headers(headers)
                .body(Buffers.toByteBuffers(call.body().dataBuffers()))
                .callId(call.callId())
                .timeout(timeout)
                .build();
        ServerHttpResponse response = exchange.getResponse();
        return platform.invoke(invocation).flatMap(result -> {
            response.setStatusCode(HttpStatusCode.valueOf(result.status()));
            HttpHeaders out = response.getHeaders();
            result.headers().withoutHopByHop().values().forEach((name, values) -> values.forEach(
                    value -> out.add(name, value)));
            decorate(out, call.callId(), result.callId(), platformId, call.start());
            finished(call, platformId, result.status());
            return response.writeWith(result.body().map(response.bufferFactory()::wrap));
        }).onErrorMap(FaasException.Timeout.class, late -> gatewayTimeout(late, path.name()));
    }

    /** A translated call's timeout that is the gateway's own limit says so; the function's own keeps its words. */
    private Throwable gatewayTimeout(FaasException.Timeout late, String name) {
        if (late.after().filter(timeout::equals).isEmpty()) {
            return late;
        }
        return new FaasException.Timeout(late.platform().orElse(null), "call of '" + name + "': no answer within "
                + human(timeout) + " (faasfed.invoke.timeout, the gateway's limit; the function's own limit did not "
                + "fire)", timeout, late);
    }

    /** The call's status is known: it is measured, and recorded in the call log (off the request path). */
    private void finished(Call call, String platformId, int status) {
        Duration took = since(call.start());
        metrics.record(platformId, call.path().name(), status, took);
        if (recorder.enabled()) {
            String tenant = call.tenant().get();
            recorder.record(new CallEntry(call.callId(), tenant == null ? CallContext.NO_TENANT : tenant,
                    call.parentId(), traceId(call.exchange()), call.path().name(), platformId, status,
                    Instant.now().minus(took), took.toMillis(), CallEntry.SYNC));
        }
    }

    /**
     * The trace the call belongs to, from the incoming {@code traceparent} (which the function gets too); the one
     * place to change when a tracer supplies the trace id.
     */
    /** The trace id of the call: the gateway's server span's, else the caller's {@code traceparent}'s. */
    private String traceId(ServerWebExchange exchange) {
        String own = tracing.traceId(exchange);
        return own != null ? own : CallContext.traceId(exchange.getRequest().getHeaders()
                .getFirst(CallContext.TRACEPARENT_HEADER));
    }

    private static void decorate(HttpHeaders headers, String callId, String platformCallId, String platformId,
                                 long start) {
        headers.set(CALL_ID_HEADER, callId);
        if (platformCallId != null && !platformCallId.isBlank()) {
            headers.set(PLATFORM_CALL_ID_HEADER, platformCallId);
        } else {
            headers.remove(PLATFORM_CALL_ID_HEADER);
        }
        headers.set(PLATFORM_HEADER, platformId);
        headers.set(DURATION_HEADER, String.format(Locale.ROOT, "%.6f", since(start).toNanos() / 1e9));
    }

    /**
     * The body, passed through up to the limit. Past it, nothing more goes out and {@code overLimit} fails with 413;
     * the body stream itself never fails, so neither HTTP client reports (and logs) a broken request of its own.
     */
    private Flux<DataBuffer> limitedBody(Flux<DataBuffer> body, FunctionPath path, Sinks.Empty<Void> overLimit) {
        return Flux.defer(() -> {
            long[] seen = {0};
            return body.handle((buffer, sink) -> {
                seen[0] += buffer.readableByteCount();
                if (seen[0] > maxBodyBytes) {
                    DataBufferUtils.release(buffer);
                    if (overLimit.tryEmitError(tooLarge()) == Sinks.EmitResult.OK) {
                        log.info("call of '{}' refused: the streamed request body passed {} bytes "
                                + "(faasfed.invoke.max-body-size)", path.name(), maxBodyBytes);
                    }
                } else {
                    sink.next(buffer);
                }
            });
        });
    }

    private ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than "
                + maxBodyBytes + " bytes (faasfed.invoke.max-body-size)");
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * One call as it goes through resolution, forward and at most one repair; {@code tenant} is the caller's, once
     * known (only when calls are recorded).
     */
    private record Call(ServerWebExchange exchange, FunctionPath path, String callId, String parentId, long start,
                        RequestBody body, AtomicReference<String> tenant) {
    }

    /**
     * The request body, subscribed to at most once, remembering whether any byte of it went out: a call can be
     * made again only while none did.
     */
    private static final class RequestBody {
        private static final int UNTOUCHED = 0;
        private static final int READING = 1;
        private static final int EMPTY = 2;
        private static final int SENT = 3;

        private final Flux<DataBuffer> source;
        private final AtomicInteger state = new AtomicInteger(UNTOUCHED);

        RequestBody(Flux<DataBuffer> source) {
            this.source = source;
        }

        boolean replayable() {
            int now = state.get();
            return now == UNTOUCHED || now == EMPTY;
        }

        Flux<DataBuffer> dataBuffers() {
            return Flux.defer(() -> {
                if (state.get() == EMPTY) {
                    return Flux.empty();
                }
                if (!state.compareAndSet(UNTOUCHED, READING)) {
                    return Flux.error(new IllegalStateException("the request body was already sent"));
                }
                return source.doOnNext(buffer -> {
                    if (buffer.readableByteCount() > 0) {
                        state.set(SENT);
                    }
                }).doOnComplete(() -> state.compareAndSet(READING, EMPTY));
            });
        }

        Flux<ByteBuf> flux() {
            return dataBuffers().map(NettyDataBufferFactory::toByteBuf);
        }
    }
}

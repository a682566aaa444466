package io.faasfed.gateway.invoke;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import io.faasfed.adapter.api.CallIds;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.ForwardTarget;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.http.Buffers;
import io.faasfed.adapter.http.HttpHeadersConverter;
import io.faasfed.gateway.error.Problems;
import io.faasfed.gateway.registry.FederatedNamespace;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The invocation path of {@code /function/{name}[.{namespace}][/**]}. It resolves the name in the federated
 * namespace, then either points Spring Cloud Gateway's Netty routing at the function (when the adapter describes a
 * plain HTTP {@link ForwardTarget}: OpenFaaS, Fn triggers, OpenWhisk web actions) so the body streams through the
 * pooled client untouched, or calls the adapter's {@link FaasPlatform#invoke} and streams its answer back (calls that
 * need translation). Either way the response carries {@code X-Call-Id}, {@code X-Faasfed-Platform} and
 * {@code X-Duration-Seconds}, and the call is measured.
 */
public final class FunctionRoutingFilter implements GatewayFilter, Ordered {

    /** Runs right after the route's URL is set, before the Netty routing filter. */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    /** The exchange attribute that names the platform a call was routed to. */
    public static final String PLATFORM_ATTR = "faasfed.platform";
    /** The exchange attribute that holds the call id. */
    public static final String CALL_ID_ATTR = "faasfed.callId";
    /** The call id header, both ways. */
    public static final String CALL_ID_HEADER = "X-Call-Id";
    /** The header naming the platform that served a call. */
    public static final String PLATFORM_HEADER = "X-Faasfed-Platform";
    /** The header with the call's duration in seconds, as the OpenFaaS watchdog sends it. */
    public static final String DURATION_HEADER = "X-Duration-Seconds";

    private final FederatedNamespace namespace;
    private final InvocationMetrics metrics;
    private final String prefix;
    private final String defaultNamespace;
    private final long maxBodyBytes;
    private final Duration timeout;

    /**
     * The filter for routes under {@code prefix}.
     *
     * @param namespace        where names resolve
     * @param metrics          where calls are counted
     * @param prefix           the path prefix, e.g. {@code /function/}
     * @param defaultNamespace the OpenFaaS namespace that means the default scope
     * @param maxBodyBytes     the largest request body accepted
     * @param timeout          how long a translated call may take
     */
    public FunctionRoutingFilter(FederatedNamespace namespace, InvocationMetrics metrics, String prefix,
                                 String defaultNamespace, long maxBodyBytes, Duration timeout) {
        this.namespace = namespace;
        this.metrics = metrics;
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
        String callId = Optional.ofNullable(request.getHeaders().getFirst(CALL_ID_HEADER))
                .filter(id -> !id.isBlank()).orElseGet(CallIds::next);
        exchange.getAttributes().put(CALL_ID_ATTR, callId);
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
        return namespace.route(path.name(), path.scope()).flatMap(route -> {
            String platformId = route.platform().id().value();
            exchange.getAttributes().put(PLATFORM_ATTR, platformId);
            FaasPlatform platform = route.platform().platform();
            return platform.forwardTarget(route.ref())
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .flatMap(target -> target.isPresent()
                            ? forward(exchange, chain, target.get(), path, callId, platformId, start, length)
                            : translate(exchange, platform, route.ref(), path, callId, platformId, start))
                    .doOnError(error -> metrics.record(platformId, path.name(),
                            Problems.of(error, platformId).status(), since(start)));
        });
    }

    private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, ForwardTarget target,
                               FunctionPath path, String callId, String platformId, long start, long length) {
        ServerHttpRequest request = exchange.getRequest();
        String rawQuery = request.getURI().getRawQuery();
        String base = target.uri().toString();
        if (base.endsWith("/") && path.extraPath().startsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri = URI.create(base + path.extraPath() + (rawQuery == null ? "" : "?" + rawQuery));
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, uri);
        ServerHttpRequest mutated = request.mutate().headers(headers -> {
            headers.set(CALL_ID_HEADER, callId);
            target.requestHeaders().values().forEach((name, values) -> {
                headers.remove(name);
                values.forEach(value -> headers.add(name, value));
            });
        }).build();
        if (length < 0) {
            mutated = limited(mutated);
        }
        ServerWebExchange forwarded = exchange.mutate().request(mutated).build();
        ServerHttpResponse response = forwarded.getResponse();
        response.beforeCommit(() -> {
            HttpHeaders headers = response.getHeaders();
            String platformCallId = target.callIdResponseHeader() == null ? null
                    : headers.getFirst(target.callIdResponseHeader());
            headers.set(CALL_ID_HEADER, platformCallId != null ? platformCallId : callId);
            decorate(headers, platformId, start);
            return Mono.empty();
        });
        return chain.filter(forwarded).doOnSuccess(done -> metrics.record(platformId, path.name(),
                statusOf(response), since(start)));
    }

    private Mono<Void> translate(ServerWebExchange exchange, FaasPlatform platform, FunctionRef ref,
                                 FunctionPath path, String callId, String platformId, long start) {
        ServerHttpRequest request = exchange.getRequest();
        Headers headers = HttpHeadersConverter.fromSpring(request.getHeaders()).without(HttpHeaders.HOST)
                .without(HttpHeaders.CONTENT_LENGTH).with(CALL_ID_HEADER, callId);
        Invocation invocation = Invocation.builder(ref)
                .method(request.getMethod().name().toUpperCase(Locale.ROOT))
                .path(path.extraPath())
                .query(request.getURI().getRawQuery())
                .headers(headers)
                .body(Buffers.toByteBuffers(limitedBody(request.getBody())))
                .callId(callId)
                .timeout(timeout)
                .build();
        ServerHttpResponse response = exchange.getResponse();
        return platform.invoke(invocation).flatMap(result -> {
            response.setStatusCode(HttpStatusCode.valueOf(result.status()));
            HttpHeaders out = response.getHeaders();
            result.headers().withoutHopByHop().values().forEach((name, values) -> values.forEach(
                    value -> out.add(name, value)));
            out.set(CALL_ID_HEADER, result.callId() != null ? result.callId() : callId);
            decorate(out, platformId, start);
            metrics.record(platformId, path.name(), result.status(), since(start));
            return response.writeWith(result.body().map(response.bufferFactory()::wrap));
        });
    }

    private static void decorate(HttpHeaders headers, String platformId, long start) {
        headers.set(PLATFORM_HEADER, platformId);
        headers.set(DURATION_HEADER, String.format(Locale.ROOT, "%.6f", since(start).toNanos() / 1e9));
    }

    private ServerHttpRequest limited(ServerHttpRequest request) {
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return limitedBody(super.getBody());
            }
        };
    }

    private Flux<DataBuffer> limitedBody(Flux<DataBuffer> body) {
        long[] seen = {0};
        return body.handle((buffer, sink) -> {
            seen[0] += buffer.readableByteCount();
            if (seen[0] > maxBodyBytes) {
                DataBufferUtils.release(buffer);
                sink.error(tooLarge());
            } else {
                sink.next(buffer);
            }
        });
    }

    private ResponseStatusException tooLarge() {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "the request body is larger than "
                + maxBodyBytes + " bytes (faasfed.invoke.max-body-size)");
    }

    private static int statusOf(ServerHttpResponse response) {
        HttpStatusCode status = response.getStatusCode();
        return status == null ? 200 : status.value();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

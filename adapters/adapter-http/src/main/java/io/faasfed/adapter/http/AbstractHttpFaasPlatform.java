package io.faasfed.adapter.http;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FaasPlatform;
import io.faasfed.adapter.api.Headers;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * The template base of HTTP adapters. It owns a pooled, non-blocking {@link WebClient} for the platform, the
 * timeouts, the streaming of bodies and the translation of HTTP and network failures into the
 * {@link FaasException} family; a subclass adds only what its platform's API needs.
 *
 * <p>Translation ({@link #translate}): connection refused, reset or unknown host become
 * {@link FaasException.PlatformUnavailable} saying why in plain words (never the URL or a Java type: the message may
 * reach callers); a read or response timeout becomes
 * {@link FaasException.Timeout}; HTTP error statuses go through {@link #translateStatus}, which subclasses refine.
 */
public abstract class AbstractHttpFaasPlatform implements FaasPlatform, AutoCloseable {

    /** How much of an error body is kept for messages. */
    protected static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final PlatformId id;
    private final HttpPlatformSettings settings;
    private final WebClient webClient;
    private final ConnectionProvider pool;
    private final HttpClient httpClient;

    /**
     * Builds the platform's pooled client.
     *
     * @param id       the platform instance's id
     * @param settings how to reach it
     */
    protected AbstractHttpFaasPlatform(PlatformId id, HttpPlatformSettings settings) {
        this.id = Objects.requireNonNull(id, "id");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pool = ConnectionProvider.builder("faasfed-" + id.value())
                .maxConnections(settings.maxConnections())
                .pendingAcquireTimeout(settings.connectTimeout().plus(settings.readTimeout()))
                .maxIdleTime(Duration.ofSeconds(30))
                .evictInBackground(Duration.ofSeconds(60))
                .build();
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.readTimeout());
        this.httpClient = http;
        this.webClient = WebClient.builder()
                .baseUrl(settings.baseUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(http))
                .exchangeStrategies(ExchangeStrategies.builder()
                        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build())
                .build();
    }

    @Override
    public final PlatformId id() {
        return id;
    }

    /**
     * The platform's pooled HTTP client: {@code max-connections}, {@code connect-timeout}, {@code read-timeout} (as
     * the response timeout) and idle eviction. The gateway forwards plain HTTP calls on it, so both invocation paths
     * and management calls share one pool per platform.
     */
    public final HttpClient httpClient() {
        return httpClient;
    }

    /** How long this platform's answers are waited for ({@code read-timeout}). */
    public final Duration readTimeout() {
        return settings.readTimeout();
    }

    /** Closes the platform's connection pool; the platform cannot be used afterwards. */
    @Override
    public void close() {
        pool.dispose();
    }

    /** How this platform is reached. */
    protected final HttpPlatformSettings settings() {
        return settings;
    }

    /** The platform's pooled client, with the base URL set. */
    protected final WebClient webClient() {
        return webClient;
    }

    /** Sets the Basic auth header when credentials are configured. */
    protected final Consumer<HttpHeaders> basicAuth() {
        return headers -> {
            if (settings.hasCredentials()) {
                headers.set(HttpHeaders.AUTHORIZATION, settings.basicAuthorization());
            }
        };
    }

    /**
     * Sends a request with a streamed body and emits the response as soon as its status and headers arrive, whatever
     * the status: the caller decides what a status means. Network failures are translated.
     *
     * @param method   the method
     * @param uri      an absolute URI, or a path below the base URL
     * @param headers  headers to send (hop-by-hop, Host and Content-Length are dropped)
     * @param body     the body, streamed; {@link Flux#empty()} for none
     * @param timeout  the response timeout for this call, or null for the configured read timeout
     * @param function the function the call concerns, for error messages; may be null
     */
    protected final Mono<StreamedResponse> exchange(HttpMethod method, URI uri, Headers headers, Flux<ByteBuffer> body,
                                                    Duration timeout, String function) {
        WebClient.RequestBodySpec request = webClient.method(method).uri(uri)
                .headers(target -> HttpHeadersConverter.copyTo(headers, target));
        if (timeout != null) {
            request = request.httpRequest(native_ -> {
                Object nativeRequest = native_.getNativeRequest();
                if (nativeRequest instanceof HttpClientRequest client) {
                    client.responseTimeout(timeout);
                }
            });
        }
        WebClient.RequestHeadersSpec<?> withBody = body == null ? request
                : request.body(BodyInserters.fromDataBuffers(Buffers.toDataBuffers(body)));
        return withBody.retrieve()
                .onStatus(status -> true, response -> Mono.empty())
                .toEntityFlux(DataBuffer.class)
                .map(entity -> new StreamedResponse(entity.getStatusCode().value(),
                        HttpHeadersConverter.fromSpring(entity.getHeaders()),
                        entity.getBody() == null ? Flux.empty() : Buffers.toByteBuffers(entity.getBody())))
                .onErrorMap(error -> translate(error, "call", function, timeout));
    }

    /** Like {@link #exchange} for a path below the base URL. */
    protected final Mono<StreamedResponse> exchange(HttpMethod method, String path, Headers headers,
                                                    Flux<ByteBuffer> body, Duration timeout, String function) {
        return exchange(method, URI.create(settings.baseUrl() + path), headers, body, timeout, function);
    }

    /**
     * Translates any failure of an operation into the SPI's error family.
     *
     * @param error     what went wrong
     * @param operation what was being done ("list", "deploy", "invoke", ...), for messages
     * @param function  the function concerned, or null
     * @param timeout   the timeout in force, or null for the configured one
     */
    protected Throwable translate(Throwable error, String operation, String function, Duration timeout) {
        // one of ours, possibly wrapped by the client (a request body that failed, e.g. over a payload limit)
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof FaasException faas) {
                return faas;
            }
        }
        if (error instanceof WebClientResponseException response) {
            return translateStatus(response.getStatusCode().value(),
                    HttpHeadersConverter.fromSpring(response.getHeaders()), response.getResponseBodyAsString(),
                    operation, function);
        }
        Throwable cause = rootCause(error);
        Duration waited = timeout != null ? timeout : settings.readTimeout();
        if (cause instanceof ReadTimeoutException || cause instanceof TimeoutException
                || cause instanceof io.netty.handler.timeout.TimeoutException) {
            return new FaasException.Timeout(id, operation + (function == null ? "" : " of '" + function + "'"),
                    waited, error);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof ClosedChannelException || cause instanceof PrematureCloseException
                || cause instanceof java.io.IOException || error instanceof WebClientRequestException) {
            return new FaasException.PlatformUnavailable(id, "cannot be reached (" + reason(cause) + ")", error);
        }
        return new FaasException.PlatformUnavailable(id, operation + " failed unexpectedly (" + reason(cause) + ")",
                error);
    }

    /**
     * Translates an HTTP error status of the platform itself (not of a function) into the SPI's error family.
     * Subclasses override it for their platform's quirks and call it for the rest.
     *
     * <ul>
     *   <li>401, 403: {@link FaasException.PlatformUnavailable} (503) saying the credentials were refused, never a
     *       "not found"</li>
     *   <li>404 for a function: {@link FaasException.FunctionNotFound}</li>
     *   <li>429: {@link FaasException.RateLimited} with the {@code Retry-After} hint</li>
     *   <li>408, 504: {@link FaasException.Timeout}</li>
     *   <li>413, 414, 431: {@link FaasException.RequestRejected} with that status (the request is too large)</li>
     *   <li>400, 409, 422: {@link FaasException.InvalidSpec} with the platform's words</li>
     *   <li>502, 503: {@link FaasException.PlatformUnavailable} with that status and the platform's own
     *       {@code Retry-After}</li>
     *   <li>anything else: {@link FaasException.PlatformUnavailable} with the status and the platform's words</li>
     * </ul>
     */
    protected FaasException translateStatus(int status, Headers headers, String body, String operation,
                                            String function) {
        String words = body == null ? "" : body.strip();
        return switch (status) {
            case 401, 403 -> new FaasException.PlatformUnavailable(id, "the credentials were refused (HTTP " + status
                    + (words.isEmpty() ? "" : ": " + words) + "); check the platform's username and password", null);
            case 404 -> function != null ? new FaasException.FunctionNotFound(id, function, words)
                    : new FaasException.PlatformUnavailable(id, operation + " answered 404 (" + words + ")", null);
            case 429 -> new FaasException.RateLimited(id, operation + " was throttled"
                    + (words.isEmpty() ? "" : ": " + words), retryAfter(headers));
            case 413, 414, 431 -> new FaasException.RequestRejected(id, status, operation
                    + (function == null ? "" : " of '" + function + "'") + " was refused as too large (HTTP " + status
                    + (words.isEmpty() ? "" : ": " + words) + ")");
            case 408, 504 -> new FaasException.Timeout(id, operation + (function == null ? "" : " of '" + function
                    + "'"), null, null);
            case 400, 409, 422 -> new FaasException.InvalidSpec(id, null, operation + " was rejected (HTTP "
                    + status + (words.isEmpty() ? "" : ": " + words) + ")");
            case 502, 503 -> new FaasException.PlatformUnavailable(id, operation + " answered HTTP " + status
                    + (words.isEmpty() ? "" : ": " + words), null, status, retryAfter(headers));
            default -> new FaasException.PlatformUnavailable(id, operation + " answered HTTP " + status
                    + (words.isEmpty() ? "" : ": " + words), null);
        };
    }

    /** The {@code Retry-After} delay (seconds form), or null when absent or not a number. */
    protected static Duration retryAfter(Headers headers) {
        return headers.first("Retry-After").map(String::trim).filter(value -> value.matches("\\d{1,9}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value))).orElse(null);
    }

    /**
     * Runs a health check, timing it; any failure becomes a DOWN health naming the cause, never an error.
     *
     * @param check emits what the platform reported, or fails
     */
    protected final Mono<PlatformHealth> probeWith(Mono<PlatformHealth> check) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return check.onErrorResume(error -> Mono.just(PlatformHealth.down(id,
                    translate(error, "probe", null, null).getMessage(), Duration.ofNanos(System.nanoTime() - start))))
                    .switchIfEmpty(Mono.fromSupplier(() -> PlatformHealth.down(id, "probe answered nothing",
                            Duration.ofNanos(System.nanoTime() - start))));
        });
    }

    /** Elapsed time since {@code startNanos} (from {@link System#nanoTime()}). */
    protected static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** An UP health with the facts reported. */
    protected final PlatformHealth up(long startNanos, Map<String, String> info) {
        return PlatformHealth.up(id, since(startNanos), info);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Why a connection failed, in plain words: messages reach callers as problem details, so they name neither Java
     * types nor internal addresses (the cause stays attached for the gateway's log).
     */
    private static String reason(Throwable cause) {
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return "no connection within the connect-timeout";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host";
        }
        if (cause instanceof ClosedChannelException || cause instanceof PrematureCloseException) {
            return "the connection closed before an answer";
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "the TLS handshake failed";
        }
        if (cause instanceof java.io.IOException) {
            return "a network error";
        }
        return "an unexpected error";
    }
}

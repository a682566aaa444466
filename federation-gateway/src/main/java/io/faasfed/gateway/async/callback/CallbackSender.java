package io.faasfed.gateway.async.callback;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;

/**
 * POSTs a call's outcome to its callback URL. Each delivery asks the {@link CallbackGuard} again (DNS may have
 * changed since submit) and connects to the address that check pinned, never resolving the host a second time; the
 * URL's host goes only into the {@code Host} header and, for https, into SNI and certificate verification. Redirects
 * are not followed; the answer's body is read up to {@value #MAX_DISCARDED_BYTES} bytes and dropped. One connection
 * per delivery (receivers differ, and a pool keyed by address would mix TLS host names).
 *
 * <p>{@link #post} never errors: network failures, timeouts and refusals become a {@link DeliveryResult}.
 */
public final class CallbackSender implements AutoCloseable {

    /** How much of a receiver's answer body is read (and dropped) before the connection is closed. */
    public static final int MAX_DISCARDED_BYTES = 64 * 1024;

    /** Headers the sender sets itself, or that describe one hop; dropped from the caller's headers. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "proxy-authorization",
            "expect");

    private final CallbackGuard guard;
    private final Duration timeout;
    private final SslContext sslContext;
    private final HttpClient client;

    /**
     * A sender checking with {@code guard} and giving each delivery at most {@code timeout}.
     *
     * @param guard   the guard, asked again before each delivery
     * @param timeout the whole delivery's limit, connecting included ({@code faasfed.async.callback.timeout})
     */
    public CallbackSender(CallbackGuard guard, Duration timeout) {
        this(guard, timeout, defaultSslContext());
    }

    /** A sender whose https deliveries trust what {@code sslContext} trusts (tests). */
    CallbackSender(CallbackGuard guard, Duration timeout, SslContext sslContext) {
        this.guard = requireNonNull(guard, "guard");
        this.timeout = requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        this.sslContext = requireNonNull(sslContext, "sslContext");
        this.client = HttpClient.newConnection()
                .followRedirect(false)
                .disableRetry(true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .responseTimeout(timeout);
    }

    /**
     * Checks {@code url} again and POSTs {@code body} with {@code headers} to its pinned address. Completes with the
     * outcome; never errors.
     *
     * @param url     the callback URL
     * @param headers headers to send ({@code Host}, {@code Content-Length} and hop-by-hop headers are the sender's)
     * @param body    the body
     */
    public Mono<DeliveryResult> post(String url, Map<String, List<String>> headers, byte[] body) {
        byte[] payload = body == null ? new byte[0] : body;
        Map<String, List<String>> extra = headers == null ? Map.of() : headers;
        return guard.check(url)
                .flatMap(checked -> send(checked, extra, payload))
                .onErrorResume(CallbackRefused.class, refusal -> Mono.just(DeliveryResult.refusedBy(refusal)))
                .onErrorResume(error -> Mono.just(DeliveryResult.failed(null, describe(error))));
    }

    private Mono<DeliveryResult> send(CheckedCallback checked, Map<String, List<String>> headers, byte[] body) {
        return Mono.defer(() -> {
            String tlsHost = checked.tlsHostName();
            InetSocketAddress target = pinned(checked, tlsHost);
            HttpClient http = client.remoteAddress(() -> target).headers(out -> {
                headers.forEach((name, values) -> {
                    if (name != null && values != null && !OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                        out.add(name, values);
                    }
                });
                out.set(HttpHeaderNames.HOST, checked.hostHeader());
                out.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            });
            if (checked.secure()) {
                http = http.secure(spec -> spec.sslContext(sslContext).handlerConfigurator(handler -> {
                    SSLEngine engine = handler.engine();
                    SSLParameters parameters = engine.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    if (tlsHost != null) {
                        parameters.setServerNames(List.of(new SNIHostName(tlsHost)));
                    }
                    engine.setSSLParameters(parameters);
                }));
            }
            return http.post()
                    .uri(checked.requestTarget())
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                    .response((response, content) -> discard(content).then(Mono.fromSupplier(() -> result(response))))
                    .next();
        }).timeout(timeout);
    }

    /** The pinned address, carrying the URL's host name for TLS without any lookup. */
    private static InetSocketAddress pinned(CheckedCallback checked, String tlsHost) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(tlsHost, checked.address().getAddress()),
                    checked.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("pinned address of " + checked.address().getAddress().length + " bytes",
                    e);
        }
    }

    /** Reads up to {@link #MAX_DISCARDED_BYTES} of the answer's body (buffers are released as they pass). */
    private static Mono<Void> discard(ByteBufFlux content) {
        AtomicLong seen = new AtomicLong();
        return content.takeUntil(buffer -> seen.addAndGet(buffer.readableBytes()) >= MAX_DISCARDED_BYTES).then();
    }

    private static DeliveryResult result(HttpClientResponse response) {
        int status = response.status().code();
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(status);
        }
        if (status >= 300 && status < 400) {
            String location = response.responseHeaders().get(HttpHeaderNames.LOCATION);
            return DeliveryResult.failed(status, "redirect not followed (Location: "
                    + (location == null ? "none" : location) + ")");
        }
        return DeliveryResult.failed(status, "the receiver answered " + status);
    }

    private String describe(Throwable error) {
        String limit = timeout + " (" + CallbackPolicy.PREFIX + ".timeout)";
        if (error instanceof TimeoutException || error instanceof io.netty.handler.timeout.TimeoutException) {
            return "no answer within " + limit;
        }
        if (error instanceof ConnectTimeoutException) {
            return "could not connect within " + limit;
        }
        if (error instanceof ConnectException) {
            return "could not connect: " + error.getMessage();
        }
        if (error instanceof PrematureCloseException) {
            return "the receiver closed the connection before answering";
        }
        if (error instanceof SSLException) {
            return "TLS failed: " + error.getMessage();
        }
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getClass().getSimpleName()
                + ": " + error.getMessage();
    }

    private static SslContext defaultSslContext() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("the JDK's default TLS client context is unavailable", e);
        }
    }

    /** Nothing pooled to release (one connection per delivery); here for the owner's lifecycle. */
    @Override
    public void close() {
    }
}

package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A Reactor Netty server on 127.0.0.1 that reads each request fully (up to a cap), hands it to a {@link Router} and
 * writes the {@link EmulatorResponse}. Failures the handler did not answer itself are turned into responses by the
 * emulator's error mapper, so every platform keeps its own error format.
 */
public final class EmulatorServer implements AutoCloseable {

    /** The loopback address every emulator binds. */
    public static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(EmulatorServer.class);

    private final DisposableServer server;

    private EmulatorServer(DisposableServer server) {
        this.server = server;
    }

    /**
     * Binds now.
     *
     * @param name a name for logs
     * @param port the port, {@code 0} for a free one
     * @param maxRequestBytes the largest body read; a larger one fails with {@link RequestTooLarge}
     * @param router answers requests
     * @param errors turns failures into the platform's error responses
     */
    public static EmulatorServer start(String name, int port, int maxRequestBytes, Router router,
            Function<Throwable, EmulatorResponse> errors) {
        return start(name, HOST, port, maxRequestBytes, router, errors);
    }

    /**
     * Binds now on {@code host} ({@code 0.0.0.0} in a container on a network; tests bind {@link #HOST} only).
     *
     * @see #start(String, int, int, Router, Function)
     */
    public static EmulatorServer start(String name, String host, int port, int maxRequestBytes, Router router,
            Function<Throwable, EmulatorResponse> errors) {
        requireNonNull(router, "router");
        requireNonNull(errors, "errors");
        DisposableServer bound = HttpServer.create()
                .host(host)
                .port(port)
                .handle((request, response) -> serve(request, response, maxRequestBytes, router, errors))
                .bindNow();
        log.info("{} emulator listening on http://{}:{}", name, host, bound.port());
        return new EmulatorServer(bound);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://" + HOST + ':' + port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private static Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response, int maxRequestBytes,
            Router router, Function<Throwable, EmulatorResponse> errors) {
        String contentLength = request.requestHeaders().get("Content-Length");
        Mono<byte[]> body;
        if (contentLength != null && parseLong(contentLength) > maxRequestBytes) {
            body = Mono.error(new RequestTooLarge(maxRequestBytes));
        } else {
            body = request.receive().asByteArray()
                    .reduce(new ByteArrayOutputStream(), (collected, chunk) -> {
                        if (collected.size() + chunk.length > maxRequestBytes) {
                            throw new RequestTooLarge(maxRequestBytes);
                        }
                        collected.writeBytes(chunk);
                        return collected;
                    })
                    .map(ByteArrayOutputStream::toByteArray)
                    .defaultIfEmpty(new byte[0]);
        }
        return body
                .flatMap(bytes -> router.dispatch(toRequest(request, bytes)))
                .onErrorResume(failure -> {
                    if (!(failure instanceof RequestTooLarge) && !(failure instanceof Json.BadJson)) {
                        log.warn("{} {} failed", request.method(), request.uri(), failure);
                    }
                    return Mono.just(errors.apply(failure));
                })
                .flatMap(answer -> write(request, response, answer));
    }

    private static EmulatorRequest toRequest(HttpServerRequest request, byte[] body) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String rawQuery = question < 0 ? "" : uri.substring(question + 1);
        QueryStringDecoder decoder = new QueryStringDecoder(uri);
        return new EmulatorRequest(request.method().name().toUpperCase(Locale.ROOT), path.isEmpty() ? "/" : path,
                rawQuery, decoder.parameters(), request.requestHeaders(), body, Map.of());
    }

    private static Mono<Void> write(HttpServerRequest request, HttpServerResponse response, EmulatorResponse answer) {
        response.status(HttpResponseStatus.valueOf(answer.status()));
        answer.headers().forEach(header -> response.addHeader(header.getKey(), header.getValue()));
        if (answer.body().length == 0 || "HEAD".equals(request.method().name())) {
            if (answer.status() != 204 && answer.status() != 304) {
                response.header("Content-Length", Integer.toString(answer.body().length));
            }
            return response.send().then();
        }
        return response.sendByteArray(Mono.just(answer.body())).then();
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A request body over the emulator's cap. */
    public static final class RequestTooLarge extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RequestTooLarge(int maxRequestBytes) {
            super("request body larger than " + maxRequestBytes + " bytes");
        }
    }
}

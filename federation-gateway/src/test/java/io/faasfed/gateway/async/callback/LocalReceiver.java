package io.faasfed.gateway.async.callback;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A callback receiver on 127.0.0.1 for tests: counts connections, records every request (after reading its body),
 * and answers as the test says.
 */
final class LocalReceiver implements AutoCloseable {

    /** One request as the receiver saw it. */
    record Received(String method, String uri, HttpHeaders headers, String body) {
    }

    private final AtomicInteger connections = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    private LocalReceiver(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> answer,
                          SslContext tls) {
        HttpServer http = HttpServer.create().host("127.0.0.1").port(0);
        if (tls != null) {
            http = http.secure(spec -> spec.sslContext(tls));
        }
        this.server = http
                .doOnConnection(connection -> connections.incrementAndGet())
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            received.add(new Received(request.method().name(), request.uri(),
                                    request.requestHeaders().copy(), body));
                            return Mono.from(answer.apply(request, response));
                        }))
                .bindNow();
    }

    /** A receiver answering every request with {@code answer}. */
    static LocalReceiver answering(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> answer) {
        return new LocalReceiver(answer, null);
    }

    /** A receiver answering 200 over TLS with {@code tls}'s certificate. */
    static LocalReceiver okOverTls(SslContext tls) {
        return new LocalReceiver((request, response) -> response.status(200).send(), tls);
    }

    /** A receiver answering 200 with no body. */
    static LocalReceiver ok() {
        return answering((request, response) -> response.status(200).send());
    }

    int port() {
        return server.port();
    }

    int connections() {
        return connections.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}

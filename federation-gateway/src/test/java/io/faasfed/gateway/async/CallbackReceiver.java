package io.faasfed.gateway.async;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTP server on 127.0.0.1 that records every callback it gets; it answers the statuses it is told, one per
 * request (the last one for ever), 200 by default.
 */
final class CallbackReceiver implements AutoCloseable {

    /** One request it got. */
    record Received(String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Integer> statuses = new CopyOnWriteArrayList<>(List.of(200));
    private final AtomicInteger served = new AtomicInteger();
    private final DisposableServer server;

    CallbackReceiver() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            Map<String, String> headers = new java.util.LinkedHashMap<>();
                            request.requestHeaders().forEach(header -> headers.put(header.getKey(), header.getValue()));
                            received.add(new Received(request.uri(), headers, body));
                            int index = served.getAndIncrement();
                            int status = statuses.get(Math.min(index, statuses.size() - 1));
                            return response.status(status).sendString(Mono.just("ok")).then();
                        }))
                .bindNow();
    }

    /** Answers these statuses in turn, then the last one. */
    CallbackReceiver answering(Integer... values) {
        statuses.clear();
        statuses.addAll(List.of(values));
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    List<Received> received() {
        return received;
    }

    List<Received> forCall(String callId) {
        return received.stream().filter(request -> callId.equals(request.header("X-Call-Id"))).toList();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}

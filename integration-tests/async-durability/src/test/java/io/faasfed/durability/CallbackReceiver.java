package io.faasfed.durability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The callback URL's server, on 127.0.0.1 in the test JVM: counts deliveries per {@code X-Call-Id} and notes those
 * without {@code X-Function-Status} or {@code X-Function-Name}. Every delivery is answered 200.
 */
final class CallbackReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger incomplete = new AtomicInteger();

    CallbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the callback receiver", e);
        }
        server.setExecutor(threads);
        server.createContext("/cb", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
                String callId = exchange.getRequestHeaders().getFirst("X-Call-Id");
                String status = exchange.getRequestHeaders().getFirst("X-Function-Status");
                String function = exchange.getRequestHeaders().getFirst("X-Function-Name");
                total.incrementAndGet();
                if (callId == null || status == null || function == null) {
                    incomplete.incrementAndGet();
                }
                if (callId != null) {
                    deliveries.computeIfAbsent(callId, id -> new AtomicInteger()).incrementAndGet();
                    if (status != null) {
                        statuses.put(callId, status);
                    }
                }
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The URL to hand the gateway as {@code X-Callback-Url}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
    }

    /** How many times the callback of {@code callId} arrived. */
    int deliveries(String callId) {
        AtomicInteger count = deliveries.get(callId);
        return count == null ? 0 : count.get();
    }

    /** The {@code X-Function-Status} of the last delivery for {@code callId}, null when none arrived. */
    String status(String callId) {
        return statuses.get(callId);
    }

    /** Every delivery received. */
    int total() {
        return total.get();
    }

    /** Deliveries missing {@code X-Call-Id}, {@code X-Function-Status} or {@code X-Function-Name}. */
    int incomplete() {
        return incomplete.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

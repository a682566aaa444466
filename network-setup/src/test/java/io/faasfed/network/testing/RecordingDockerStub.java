package io.faasfed.network.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.faasfed.network.DockerEndpoint;

/**
 * A Docker engine stand-in for unit tests: an HTTP server on {@code 127.0.0.1} (a free port) that records every request
 * (method, raw path, query, headers, body) and answers from a route table the test sets. docker-java reaches it with
 * {@code Engine.connect(stub.endpoint())}; {@link EngineApiSpec} then checks each recorded request against the Engine
 * API document.
 *
 * <p>Routes are written without the version prefix, with {@code {name}} for one path segment
 * ({@code "/networks/{id}"}); a request for {@code /v1.41/networks/abc} matches it with {@code id=abc}. When several
 * routes match, the one with the most literal segments wins; setting a route again for the same method and template
 * replaces it. {@code /_ping}, {@code /version} (API 1.41) and {@code /info} (an engine in no swarm) answer by default;
 * {@link #swarmManager()}, {@link #swarmWorker()} and {@link #swarmState} change what {@code /info} says. A request
 * that no route matches gets Docker's own 404 answer and shows in {@link #unrouted()}.
 *
 * <p>Thread-safe: docker-java may send requests on several connections at once.
 */
public final class RecordingDockerStub implements AutoCloseable {

    /** The engine version the default {@code /version} reports (Debian's docker.io, as on the CI machines). */
    public static final String ENGINE_VERSION = "20.10.24+dfsg1";

    /** The node id the swarm answers of {@code /info} carry. */
    public static final String NODE_ID = "n0de1d0f7h15m4n4g3r0000";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<RecordedRequest> unrouted = Collections.synchronizedList(new ArrayList<>());

    private RecordingDockerStub(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A stub listening on a free loopback port, answering {@code /_ping}, {@code /version} and {@code /info}. */
    public static RecordingDockerStub start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open a loopback port for the Docker stub", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "docker-stub-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        RecordingDockerStub stub = new RecordingDockerStub(server, executor);
        server.createContext("/", stub::handle);
        stub.defaults();
        server.start();
        return stub;
    }

    private void defaults() {
        on("GET", "/_ping", (request, vars) -> Reply.text(200, "OK").withHeader("Api-Version", DockerEndpoint.API_VERSION));
        on("HEAD", "/_ping", (request, vars) -> Reply.empty(200).withHeader("Api-Version", DockerEndpoint.API_VERSION));
        on("GET", "/version", Reply.json(200, DockerObjects.version(ENGINE_VERSION, DockerEndpoint.API_VERSION)));
        noSwarm();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code tcp://127.0.0.1:PORT}, as {@code DOCKER_HOST} would name it. */
    public String host() {
        return "tcp://127.0.0.1:" + port();
    }

    /** The endpoint docker-java connects to: this stub, API 1.41, the default timeouts. */
    public DockerEndpoint endpoint() {
        return DockerEndpoint.of(host());
    }

    /** Answers {@code method template} with {@code reply}, every time. */
    public RecordingDockerStub on(String method, String template, Reply reply) {
        requireNonNull(reply, "reply");
        return on(method, template, (request, vars) -> reply);
    }

    /** Answers {@code method template} with what {@code responder} says for each request. */
    public RecordingDockerStub on(String method, String template, Responder responder) {
        Route route = new Route(method.toUpperCase(Locale.ROOT), template, responder);
        routes.removeIf(r -> r.method.equals(route.method) && r.template.equals(route.template));
        routes.add(route);
        return this;
    }

    /** Answers {@code method template} with {@code replies} in turn; the last one answers every request after. */
    public RecordingDockerStub onSequence(String method, String template, Reply... replies) {
        if (replies.length == 0) {
            throw new IllegalArgumentException("replies: none (expected: at least one)");
        }
        List<Reply> list = List.of(replies);
        AtomicInteger next = new AtomicInteger();
        return on(method, template, (request, vars) -> list.get(Math.min(next.getAndIncrement(), list.size() - 1)));
    }

    /** {@code /info} says this engine is in no swarm. */
    public RecordingDockerStub noSwarm() {
        return info(DockerObjects.info(DockerObjects.swarmInfo("inactive", "", false)));
    }

    /** {@code /info} says this engine is an active Swarm manager (node {@link #NODE_ID}). */
    public RecordingDockerStub swarmManager() {
        return info(DockerObjects.info(DockerObjects.swarmInfo("active", NODE_ID, true)));
    }

    /** {@code /info} says this engine is an active Swarm worker: in a swarm, but with no control. */
    public RecordingDockerStub swarmWorker() {
        return info(DockerObjects.info(DockerObjects.swarmInfo("active", NODE_ID, false)));
    }

    /** {@code /info} gives {@code localNodeState} ({@code locked}, {@code pending}, {@code error}) as the swarm state. */
    public RecordingDockerStub swarmState(String localNodeState) {
        return info(DockerObjects.info(DockerObjects.swarmInfo(localNodeState, NODE_ID, false)));
    }

    /** {@code /info} answers with {@code info}. */
    public RecordingDockerStub info(Map<String, Object> info) {
        return on("GET", "/info", Reply.json(200, info));
    }

    /** Every request so far, in the order they arrived. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests so far for {@code method} on a path that {@code template} matches. */
    public List<RecordedRequest> requests(String method, String template) {
        return requests().stream()
                .filter(r -> r.method().equalsIgnoreCase(method) && match(template, r.path()).isPresent())
                .toList();
    }

    /** The one request for {@code method template}; fails when there were none or several. */
    public RecordedRequest only(String method, String template) {
        List<RecordedRequest> found = requests(method, template);
        if (found.size() != 1) {
            throw new AssertionError("Expected exactly one " + method + " " + template + ", got " + found.size()
                    + "; all requests: " + requests());
        }
        return found.get(0);
    }

    /** The requests that no route matched (they were answered 404). */
    public List<RecordedRequest> unrouted() {
        synchronized (unrouted) {
            return List.copyOf(unrouted);
        }
    }

    /** Forgets the requests recorded so far; the routes stay. */
    public void clearRequests() {
        requests.clear();
        unrouted.clear();
    }

    /** Stops listening. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = record(exchange);
            requests.add(request);
            Reply reply;
            Optional<Matched> matched = route(request);
            if (matched.isEmpty()) {
                unrouted.add(request);
                reply = Reply.error(404, "page not found (the stub has no route for " + request.method() + " "
                        + request.path() + ")");
            } else {
                try {
                    reply = matched.get().route.responder.answer(request, matched.get().variables);
                } catch (RuntimeException | Error e) {
                    reply = Reply.error(500, "the stub's responder failed: " + e);
                }
            }
            send(exchange, request, reply);
        }
    }

    private static RecordedRequest record(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new RecordedRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getRawPath(),
                rawQuery, parseQuery(rawQuery), headers, body);
    }

    /** The query parameters of {@code rawQuery}, decoded, keeping their order and repeated names. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    /** Percent-decodes {@code text}; {@code +} means a space only in a query. */
    static String decode(String text, boolean query) {
        return URLDecoder.decode(query ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private Optional<Matched> route(RecordedRequest request) {
        Matched best = null;
        for (Route route : routes) {
            if (!route.method.equals(request.method())) {
                continue;
            }
            Optional<Map<String, String>> vars = match(route.template, request.path());
            if (vars.isPresent() && (best == null || route.literals() > best.route.literals())) {
                best = new Matched(route, vars.get());
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The path variables when {@code path} (percent-encoded, without version prefix) matches {@code template}: same
     * number of segments, literal segments equal, each {@code {name}} one non-empty segment.
     */
    public static Optional<Map<String, String>> match(String template, String path) {
        String[] want = segments(template);
        String[] got = segments(path);
        if (want.length != got.length) {
            return Optional.empty();
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < want.length; i++) {
            String segment = decode(got[i], false);
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (segment.isEmpty()) {
                    return Optional.empty();
                }
                vars.put(want[i].substring(1, want[i].length() - 1), segment);
            } else if (!want[i].equals(segment)) {
                return Optional.empty();
            }
        }
        return Optional.of(vars);
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private static void send(HttpExchange exchange, RecordedRequest request, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().set("Server", "Docker/" + ENGINE_VERSION + " (linux)");
        if (!reply.contentType().isEmpty()) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        boolean noBody = reply.body().length == 0 || reply.status() == 204 || reply.status() == 304
                || "HEAD".equals(request.method());
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    /** Answers one routed request. */
    @FunctionalInterface
    public interface Responder {
        /**
         * The answer to {@code request}.
         *
         * @param request the request as received
         * @param variables the route template's path variables ({@code id} of {@code /networks/{id}}), decoded
         */
        Reply answer(RecordedRequest request, Map<String, String> variables);
    }

    /**
     * One answer.
     *
     * @param status the HTTP status
     * @param contentType the content type; empty for none
     * @param body the body's bytes
     * @param headers further headers
     */
    public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

        public Reply {
            requireNonNull(contentType, "contentType");
            body = body == null ? new byte[0] : body.clone();
            headers = Map.copyOf(headers);
        }

        /** {@code status} with {@code body} as JSON: a {@code String} is sent as it is, anything else is serialized. */
        public static Reply json(int status, Object body) {
            String text;
            if (body instanceof String s) {
                text = s;
            } else {
                try {
                    text = JSON.writeValueAsString(body);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("Cannot write the stub's answer as JSON: " + body, e);
                }
            }
            return new Reply(status, "application/json", text.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        /** Docker's error answer: {@code {"message": message}} with {@code status}. */
        public static Reply error(int status, String message) {
            return json(status, Map.of("message", message));
        }

        /** {@code status} with a plain-text body. */
        public static Reply text(int status, String text) {
            return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        /** {@code status} with no body ({@code 204} for a removal). */
        public static Reply empty(int status) {
            return new Reply(status, "", new byte[0], Map.of());
        }

        /** This answer with one more header. */
        public Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, contentType, body, more);
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    private record Route(String method, String template, Responder responder) {
        int literals() {
            int n = 0;
            for (String s : segments(template)) {
                if (!s.startsWith("{")) {
                    n++;
                }
            }
            return n;
        }
    }

    private record Matched(Route route, Map<String, String> variables) {
    }
}

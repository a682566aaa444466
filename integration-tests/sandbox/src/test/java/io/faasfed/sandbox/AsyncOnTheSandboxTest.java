package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Asynchronous calls through the whole sandbox: every platform's emulator runs the function as a local process, the
 * outcome reaches the call record and a callback receiver on this machine (the sandbox allows loopback callbacks).
 * An OpenWhisk plain action goes through the emulator's non-blocking invocation and activation records; a web
 * action, OpenFaaS and Fn through their synchronous paths.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncOnTheSandboxTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private FaasfedSandbox sandbox;
    private WebTestClient client;
    private HttpServer receiver;
    private final Map<String, List<Map<String, String>>> callbacks = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws IOException {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.discovery.interval=1h");
        client = WebTestClient.bindToServer().baseUrl(sandbox.gatewayUrl()).responseTimeout(WAIT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, sandbox.bearerAuthorization()).build();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> seen = new java.util.LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.get(0)));
            seen.put("body", body);
            seen.put("path", exchange.getRequestURI().toString());
            callbacks.computeIfAbsent(seen.getOrDefault("x-call-id", "?"), id -> new CopyOnWriteArrayList<>())
                    .add(seen);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private String submit(String function, String body, MediaType type) {
        return client.post().uri("/async-function/" + function).contentType(type)
                .header("X-Callback-Url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/done/" + function)
                .bodyValue(body).exchange()
                .expectStatus().isAccepted()
                .expectBody().isEmpty().getResponseHeaders().getFirst("X-Call-Id");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> succeeded(String id) {
        Instant until = Instant.now().plus(WAIT);
        Map<String, Object> record = null;
        while (Instant.now().isBefore(until)) {
            record = client.get().uri("/federation/v1/calls/" + id).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            if ("succeeded".equals(record.get("state")) && record.get("callback") instanceof Map<?, ?> callback
                    && "delivered".equals(callback.get("state"))) {
                return record;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("call " + id + " did not succeed with its callback delivered within " + WAIT
                + "; last record: " + record);
    }

    @Test
    void aCallOnEachPlatformSucceedsAndIsCalledBack() {
        String openfaas = submit("uppercase", "later, federation", MediaType.TEXT_PLAIN);
        String fn = submit("wordcount", "one two three four", MediaType.TEXT_PLAIN);
        String web = submit("greet", "{\"name\":\"Async\"}", MediaType.APPLICATION_JSON);

        assertThat(((Map<?, ?>) succeeded(openfaas).get("result")).get("body")).isEqualTo("LATER, FEDERATION");
        assertThat(((Map<?, ?>) succeeded(fn).get("result")).get("body").toString()).contains("4");
        assertThat(((Map<?, ?>) succeeded(web).get("result")).get("body").toString()).contains("Hello, Async");

        Map<String, String> callback = callbacks.get(openfaas).get(0);
        assertThat(callback).containsEntry("body", "LATER, FEDERATION").containsEntry("x-function-status", "200")
                .containsEntry("x-function-name", "uppercase").containsEntry("x-faasfed-platform", "openfaas")
                .containsEntry("path", "/done/uppercase");
        assertThat(callbacks.get(fn).get(0)).containsEntry("x-faasfed-platform", "fn");
        assertThat(callbacks.get(web).get(0)).containsEntry("x-faasfed-platform", "openwhisk");
    }

    @Test
    void aPlainOpenWhiskActionRunsThroughItsNonBlockingInvocation() {
        client.put().uri("/federation/v1/functions/async-greet").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("platform", "openwhisk", "image", "faasfed/samples:greet"))
                .exchange().expectStatus().isOk();
        String id = submit("async-greet", "{\"name\":\"activation\"}", MediaType.APPLICATION_JSON);

        Map<String, Object> record = succeeded(id);
        assertThat(((Map<?, ?>) record.get("result")).get("body").toString()).contains("Hello, activation!");
        List<?> attempts = (List<?>) record.get("attempts");
        assertThat(attempts).hasSize(1);
        assertThat(((Map<?, ?>) attempts.get(0)).get("platformCallId")).as("the activation id").isNotNull();
        assertThat(callbacks.get(id).get(0)).containsEntry("x-faasfed-platform", "openwhisk");
        client.delete().uri("/federation/v1/functions/async-greet").exchange().expectStatus().isNoContent();
    }

    @Test
    void aCallbackToTheMetadataAddressIsRefusedAtSubmit() {
        client.post().uri("/async-function/uppercase").header("X-Callback-Url", "http://169.254.169.254/latest/")
                .bodyValue("x").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("link-local"));
    }
}

package io.faasfed.gateway.async;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.Eventually;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.TestKeys;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /async-function} over real HTTP on the embedded default store, with the real adapters and each platform a
 * WireMock server in its own shapes: the submit's answers (202 only once stored, 404, 413, 400, 405), calls on all
 * three platforms reaching {@code succeeded} (OpenWhisk through its non-blocking invocation and activation polling),
 * idempotency keys, and the call records of the native API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "20s")
@org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics
class AsyncInvocationIntegrationTest {

    private static final PlatformStubs STUBS = new PlatformStubs();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    @Autowired
    private AsyncProperties properties;

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        STUBS.register(registry);
        registry.add("faasfed.invoke.max-body-size", () -> "1KB");
        registry.add("faasfed.async.backoff.initial", () -> "50ms");
        registry.add("faasfed.async.backoff.max", () -> "200ms");
        registry.add("faasfed.async.promote-interval", () -> "50ms");
        registry.add("faasfed.async.poll-wait", () -> "200ms");
        registry.add("faasfed.async.max-attempts", () -> "3");
    }

    @AfterAll
    static void stopPlatforms() {
        STUBS.close();
    }

    @BeforeEach
    void platformsAreUp() {
        STUBS.openfaas.resetAll();
        STUBS.fn.resetAll();
        STUBS.openwhisk.resetAll();
        STUBS.openfaasHealthyWith("hello", "broken");
        STUBS.openfaasFunction("hello", 200, "hello from openfaas");
        STUBS.openfaasFunction("broken", 503, "down for now");
        STUBS.fnHealthyWith("wordcount");
        STUBS.fnFunction("wordcount", 200, "3");
        STUBS.openwhiskHealthyWith("greet");
        STUBS.openwhisk.stubFor(post(urlPathEqualTo("/api/v1/namespaces/_/actions/greet"))
                .withQueryParam("blocking", equalTo("false"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                        .withHeader("x-openwhisk-activation-id", "5e1f0c0ffee")
                        .withBody("{\"activationId\":\"5e1f0c0ffee\"}")));
        STUBS.openwhisk.stubFor(get(urlPathMatching("/api/v1/namespaces/[^/]+/activations/5e1f0c0ffee"))
                .inScenario("activation").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"The requested resource does not exist.\",\"code\":\"x\"}"))
                .willSetStateTo("done"));
        STUBS.openwhisk.stubFor(get(urlPathMatching("/api/v1/namespaces/[^/]+/activations/5e1f0c0ffee"))
                .inScenario("activation").whenScenarioStateIs("done")
                .willReturn(okJson("{\"activationId\":\"5e1f0c0ffee\",\"name\":\"greet\",\"namespace\":\"guest\","
                        + "\"start\":1700000000000,\"end\":1700000000020,\"duration\":20,"
                        + "\"response\":{\"status\":\"success\",\"statusCode\":0,\"success\":true,"
                        + "\"result\":{\"greeting\":\"hello, later\"}},\"logs\":[],\"annotations\":[]}")));
        discovery.syncAll().block(WAIT);
    }

    private WebTestClient.ResponseSpec submit(String path, String body, Map<String, String> headers) {
        return client.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER)
                .headers(out -> headers.forEach(out::set)).contentType(MediaType.TEXT_PLAIN).bodyValue(body)
                .exchange();
    }

    private String accepted(String path, String body, Map<String, String> headers) {
        return submit(path, body, headers).expectStatus().isAccepted()
                .expectHeader().exists("X-Call-Id")
                .expectBody().isEmpty().getResponseHeaders().getFirst("X-Call-Id");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> record(String id) {
        return client.get().uri("/federation/v1/calls/" + id).header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<String, Object> awaitState(String id, String state) {
        return Eventually.await("call " + id + " " + state, WAIT, () -> record(id),
                record -> state.equals(record.get("state")));
    }

    @Test
    void aCallOnEachPlatformIsAcceptedThenSucceedsWithItsResultKept() {
        String openfaas = accepted("/async-function/hello/sub?x=1", "to openfaas", Map.of());
        String fn = accepted("/async-function/wordcount", "one two three", Map.of());
        String openwhisk = accepted("/async-function/greet", "{\"name\":\"later\"}",
                Map.of("Content-Type", "application/json"));

        Map<String, Object> onOpenfaas = awaitState(openfaas, "succeeded");
        assertThat(onOpenfaas).containsEntry("platform", "openfaas");
        assertThat(((Map<?, ?>) onOpenfaas.get("result")).get("status")).isEqualTo(200);
        assertThat(((Map<?, ?>) onOpenfaas.get("result")).get("body")).isEqualTo("hello from openfaas");
        Map<String, Object> onFn = awaitState(fn, "succeeded");
        assertThat(onFn).containsEntry("platform", "fn");
        assertThat(((Map<?, ?>) onFn.get("result")).get("body")).isEqualTo("3");
        Map<String, Object> greet = awaitState(openwhisk, "succeeded");
        assertThat(greet).containsEntry("platform", "openwhisk");
        assertThat(((Map<?, ?>) greet.get("result")).get("body").toString()).contains("hello, later");
        assertThat(((java.util.List<Map<String, Object>>) (java.util.List<?>) greet.get("attempts")).get(0))
                .containsEntry("platformCallId", "5e1f0c0ffee");

        STUBS.openfaas.verify(1, postRequestedFor(urlPathEqualTo("/function/hello/sub"))
                .withQueryParam("x", equalTo("1"))
                .withHeader("X-Call-Id", equalTo(openfaas))
                .withHeader(HttpHeaders.AUTHORIZATION, com.github.tomakehurst.wiremock.client.WireMock.absent()));
        STUBS.openwhisk.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/namespaces/_/actions/greet"))
                .withQueryParam("blocking", equalTo("false")));
    }

    @Test
    void anUnknownFunctionIs404AtSubmitAndNothingIsQueued() {
        submit("/async-function/nope", "x", Map.of()).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theBodyLimitApplies() {
        submit("/async-function/hello", "x".repeat(2048), Map.of()).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("faasfed.invoke.max-body-size"));
    }

    @Test
    void aCallbackUrlTheGuardRefusesIs400NamingTheRule() {
        submit("/async-function/hello", "x", Map.of("X-Callback-Url", "http://127.0.0.1:8080/admin"))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("X-Callback-Url").contains("loopback"));
        submit("/async-function/hello", "x", Map.of("X-Callback-Url", "http://[::ffff:169.254.169.254]/"))
                .expectStatus().isBadRequest();
        submit("/async-function/hello", "x", Map.of("X-Callback-Url", "not a url"))
                .expectStatus().isBadRequest();
    }

    @Test
    void anIdempotencyKeyMakesAResubmitReturnTheSameCallWithoutASecondRun() {
        String first = accepted("/async-function/hello", "once", Map.of("X-Idempotency-Key", "order-42"));
        String again = submit("/async-function/hello", "once", Map.of("X-Idempotency-Key", "order-42"))
                .expectStatus().isAccepted().expectHeader().valueEquals("X-Faasfed-Idempotent-Replay", "true")
                .returnResult(Void.class).getResponseHeaders().getFirst("X-Call-Id");
        assertThat(again).isEqualTo(first);
        awaitState(first, "succeeded");
        String other = accepted("/async-function/hello", "once", Map.of("X-Idempotency-Key", "order-43"));
        assertThat(other).isNotEqualTo(first);
        awaitState(other, "succeeded");
        STUBS.openfaas.verify(2, postRequestedFor(urlPathEqualTo("/function/hello")));

        submit("/async-function/hello", "x", Map.of("X-Idempotency-Key", "k".repeat(201))).expectStatus()
                .isBadRequest();
    }

    @Test
    void retriesEndInADeadLetterThatIsListedAndReplayable() {
        String id = accepted("/async-function/broken", "x", Map.of());
        Map<String, Object> dead = awaitState(id, "dead");
        assertThat((java.util.List<?>) dead.get("attempts")).hasSize(3);

        client.get().uri("/federation/v1/dead-letters").header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$[?(@.id=='" + id + "')].state")
                .isEqualTo("dead");
        STUBS.openfaasFunction("broken", 200, "mended");
        client.post().uri("/federation/v1/dead-letters/" + id + "/replay")
                .header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER).exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("queued").jsonPath("$.replays").isEqualTo(1);
        Map<String, Object> replayed = awaitState(id, "succeeded");
        assertThat(((Map<?, ?>) replayed.get("result")).get("body")).isEqualTo("mended");
        client.post().uri("/federation/v1/dead-letters/" + id + "/replay")
                .header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER).exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void theMetricsDocsAsyncMdNamesAreExported() {
        awaitState(accepted("/async-function/hello", "measured", Map.of()), "succeeded");
        String scrape = Eventually.await("the queue gauges read once", WAIT, () -> client.get()
                .uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(),
                text -> text.contains("faasfed_async_latency_seconds_count"));
        for (String series : new String[] {"faasfed_async_queue_depth_jobs{part=\"ready\"}",
            "faasfed_async_queue_depth_jobs{part=\"pending\"}", "faasfed_async_queue_depth_jobs{part=\"delayed\"}",
            "faasfed_async_dead_letters_calls", "faasfed_async_in_flight_jobs",
            "faasfed_async_submitted_total{platform=\"openfaas\"}",
            "faasfed_async_attempts_total{outcome=\"succeeded\",platform=\"openfaas\"}",
            "faasfed_async_finished_total{platform=\"openfaas\",state=\"succeeded\"}",
            "faasfed_async_latency_seconds_count{platform=\"openfaas\",state=\"succeeded\"}"}) {
            assertThat(scrape).as("docs/async.md names " + series).contains(series);
        }
        assertThat(scrape).as("no series is tagged by function or call").doesNotContain("faasfed_async_latency_seconds_count{function");
    }

    @Test
    void aFullQueueRefusesSubmitsWith503AndRetryAfter() {
        long limit = properties.getMaxQueued();
        properties.setMaxQueued(0);
        try {
            submit("/async-function/hello", "x", Map.of()).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "10")
                    .expectHeader().doesNotExist("X-Call-Id")
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                            .contains("faasfed.async.max-queued"));
        } finally {
            properties.setMaxQueued(limit);
        }
        accepted("/async-function/hello", "x", Map.of());
    }

    @Test
    void onlyPostSubmitsAndAnUnknownCallIs404() {
        client.get().uri("/async-function/hello").header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER).exchange()
                .expectStatus().isEqualTo(405).expectHeader().valueEquals(HttpHeaders.ALLOW, "POST");
        client.get().uri("/federation/v1/calls/01NOSUCHCALL").header(HttpHeaders.AUTHORIZATION,
                TestKeys.ADMIN_BEARER).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/federation/v1/async").header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.consumer").isNotEmpty();
    }
}

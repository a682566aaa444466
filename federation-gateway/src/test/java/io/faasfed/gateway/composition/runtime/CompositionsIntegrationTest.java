package io.faasfed.gateway.composition.runtime;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.support.Eventually;
import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.TestKeys;
import java.time.Duration;
import java.util.List;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compositions through the gateway over real HTTP, with the real adapters and each platform a WireMock server in its
 * own shapes: saved (JSON and YAML) and validated through {@code /federation/v1/compositions}, listed by
 * {@code /system/functions}, run by {@code /function} and {@code /async-function} across OpenFaaS, Fn and OpenWhisk,
 * with a parallel state, a retry, a catch that falls back to another platform, a composition calling a composition,
 * and each run's trace read back from {@code /federation/v1/calls/{id}}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class CompositionsIntegrationTest {

    private static final PlatformStubs STUBS = new PlatformStubs();
    private static final Duration WAIT = Duration.ofSeconds(30);

    static final String ORDER_FLOW = """
            {"name": "order-flow", "description": "validate on OpenFaaS, price on Fn, notify on OpenWhisk",
             "startAt": "validate",
             "states": {
               "validate": {"type": "task", "function": "validate", "resultPath": "$.validation", "next": "price"},
               "price": {"type": "task", "function": "price", "resultPath": "$.price", "next": "notify"},
               "notify": {"type": "task", "function": "notify", "resultPath": "$.notification", "end": true}
             }}
            """;

    @Autowired
    private WebTestClient client;

    @Autowired
    private Discovery discovery;

    private final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry registry) {
        STUBS.register(registry);
        registry.add("faasfed.async.promote-interval", () -> "50ms");
        registry.add("faasfed.async.poll-wait", () -> "200ms");
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
        STUBS.openfaasHealthyWith("validate", "flaky", "broken");
        STUBS.openfaasFunction("validate", okJson("{\"valid\":true}"));
        STUBS.openfaasFunction("broken", aResponse().withStatus(500).withBody("boom"));
        STUBS.openfaas.stubFor(any(urlPathMatching("/function/flaky")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500).withBody("not yet"))
                .willSetStateTo("recovered"));
        STUBS.openfaas.stubFor(any(urlPathMatching("/function/flaky")).inScenario("flaky")
                .whenScenarioStateIs("recovered").willReturn(okJson("{\"ok\":true}")));
        STUBS.fnHealthyWith("price", "fallback");
        STUBS.fn.stubFor(any(urlPathMatching("/t/" + PlatformStubs.FN_APP + "/price")).willReturn(
                okJson("{\"total\":99}").withHeader("Fn-Call-Id", "01FNPRICE")));
        STUBS.fn.stubFor(any(urlPathMatching("/t/" + PlatformStubs.FN_APP + "/fallback")).willReturn(
                okJson("{\"fallback\":\"fn\"}").withHeader("Fn-Call-Id", "01FNFALLBACK")));
        STUBS.openwhiskHealthyWith("notify");
        STUBS.openwhiskResult("notify", "{\"sent\":true}");
        discovery.syncAll().block(WAIT);
        read("/federation/v1/compositions").valueStream().forEach(composition -> client.delete()
                .uri("/federation/v1/compositions/" + composition.path("name").asString())
                .header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER).exchange().expectStatus().isNoContent());
    }

    private WebTestClient.ResponseSpec save(String name, String contentType, String definition) {
        return client.put().uri("/federation/v1/compositions/" + name).header(HttpHeaders.AUTHORIZATION,
                TestKeys.ADMIN_BEARER).header(HttpHeaders.CONTENT_TYPE, contentType).bodyValue(definition).exchange();
    }

    private WebTestClient.ResponseSpec invoke(String path, String body) {
        return client.post().uri(path).header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode read(String uri) {
        return json.readTree(client.get().uri(uri).header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static List<String> stepPlatforms(JsonNode call) {
        return call.path("run").path("steps").valueStream().filter(step -> "task".equals(step.path("type").asString()))
                .map(step -> step.path("path").asString() + "@" + step.path("platform").asString() + ":"
                        + step.path("status").asString()).toList();
    }

    @Test
    void aCompositionAcrossThreePlatformsRunsAndItsTraceNamesEachStepsPlatform() {
        save("order-flow", "application/json", ORDER_FLOW).expectStatus().isCreated()
                .expectBody().jsonPath("$.revision").isEqualTo(1).jsonPath("$.platform").isEqualTo("compositions")
                .jsonPath("$.warnings").isEmpty();

        WebTestClient.ResponseSpec answer = invoke("/function/order-flow", "{\"order\":7}");
        String callId = answer.expectStatus().isOk().expectHeader().valueEquals("X-Faasfed-Platform", "compositions")
                .expectHeader().valueEquals(CompositionPlatform.RUN_STATUS_HEADER, "succeeded")
                .expectBody().json("{\"order\":7,\"validation\":{\"valid\":true},\"price\":{\"total\":99},"
                        + "\"notification\":{\"sent\":true}}", true)
                .returnResult().getResponseHeaders().getFirst("X-Call-Id");

        // each step got the previous one's output as its input
        STUBS.fn.verify(anyRequestedFor(urlPathMatching("/t/faasfed/price"))
                .withRequestBody(equalToJson("{\"order\":7,\"validation\":{\"valid\":true}}")));
        JsonNode call = read("/federation/v1/calls/" + callId);
        assertThat(call.path("run").path("status").asString()).isEqualTo("succeeded");
        assertThat(stepPlatforms(call)).containsExactly("validate@openfaas:succeeded", "price@fn:succeeded",
                "notify@openwhisk:succeeded");
        JsonNode price = call.path("run").path("steps").get(1);
        assertThat(price.path("inputBytes").asLong()).isEqualTo("{\"order\":7,\"validation\":{\"valid\":true}}"
                .length());
        assertThat(price.path("outputBytes").asLong()).isEqualTo("{\"total\":99}".length());
        assertThat(price.path("durationMs").isNumber()).isTrue();
        assertThat(call.path("run").path("platforms")).extracting(JsonNode::asString)
                .containsExactly("fn", "openfaas", "openwhisk");
        assertThat(call.path("kind").asString()).isEqualTo("sync");

        // the run and its steps are one call tree: the steps are the run's children, with one trace id
        JsonNode tree = Eventually.await("the tree of " + callId, WAIT, () -> read("/federation/v1/calls/" + callId
                + "/tree"), found -> found.path("root").path("children").size() == 3);
        assertThat(tree.path("root").path("platform").asString()).isEqualTo("compositions");
        assertThat(tree.path("root").path("children").valueStream().map(child -> child.path("function").asString()
                + "@" + child.path("platform").asString() + ":" + child.path("status").asInt()).toList())
                .containsExactly("validate@openfaas:200", "price@fn:200", "notify@openwhisk:200");
        assertThat(tree.path("root").path("children").valueStream().map(child -> child.path("traceId").asString())
                .distinct().toList()).containsExactly(tree.path("root").path("traceId").asString());
    }

    @Test
    void eachStepIsASpanOfTheCallersTraceAndCarriesItToItsPlatform() {
        save("order-flow", "application/json", ORDER_FLOW).expectStatus().isCreated();
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        client.post().uri("/function/order-flow").header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER)
                .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"order\":1}").exchange().expectStatus().isOk();

        String toOpenfaas = STUBS.openfaas.findAll(anyRequestedFor(urlPathMatching("/function/validate")))
                .get(0).getHeader("traceparent");
        String toFn = STUBS.fn.findAll(anyRequestedFor(urlPathMatching("/t/faasfed/price"))).get(0)
                .getHeader("traceparent");
        String toOpenwhisk = STUBS.openwhisk.findAll(anyRequestedFor(urlPathMatching(
                "/api/v1/namespaces/_/actions/notify"))).get(0).getBodyAsString();
        assertThat(toOpenfaas).startsWith("00-" + trace + "-").doesNotContain("00f067aa0ba902b7");
        assertThat(toFn).startsWith("00-" + trace + "-").isNotEqualTo(toOpenfaas);
        assertThat(toOpenwhisk).contains("__ow_headers").contains("00-" + trace + "-")
                .doesNotContain(toOpenfaas).doesNotContain(toFn);
    }

    @Test
    void aParallelStateRunsOneBranchPerPlatformAndJoinsTheirAnswers() {
        save("fan", "application/yaml", """
                name: fan
                startAt: all
                states:
                  all:
                    type: parallel
                    end: true
                    branches:
                      - {startAt: a, states: {a: {type: task, function: validate, end: true}}}
                      - {startAt: b, states: {b: {type: task, function: price, end: true}}}
                      - {startAt: c, states: {c: {type: task, function: notify, end: true}}}
                """).expectStatus().isCreated();
        String callId = invoke("/function/fan", "{}").expectStatus().isOk().expectBody()
                .json("[{\"valid\":true},{\"total\":99},{\"sent\":true}]", true)
                .returnResult().getResponseHeaders().getFirst("X-Call-Id");
        assertThat(stepPlatforms(read("/federation/v1/calls/" + callId))).containsExactlyInAnyOrder(
                "all.branches[0].a@openfaas:succeeded", "all.branches[1].b@fn:succeeded",
                "all.branches[2].c@openwhisk:succeeded");
    }

    @Test
    void aRetrySucceedsOnAFlakyFunctionAndACatchFallsBackToAnotherPlatform() {
        save("retrying", "application/json", """
                {"name": "retrying", "startAt": "call", "states": {"call": {"type": "task", "function": "flaky",
                 "retry": [{"errors": ["function-failed"], "interval": "10ms", "maxAttempts": 3}], "end": true}}}
                """).expectStatus().isCreated();
        String retried = invoke("/function/retrying", "{}").expectStatus().isOk().expectBody().json("{\"ok\":true}")
                .returnResult().getResponseHeaders().getFirst("X-Call-Id");
        JsonNode steps = read("/federation/v1/calls/" + retried).path("run").path("steps");
        assertThat(steps.valueStream().map(step -> step.path("attempt").asInt() + ":" + step.path("status")
                .asString()).toList()).containsExactly("1:retrying", "2:succeeded");
        assertThat(steps.get(0).path("error").asString()).contains("500");

        save("falling-back", "application/json", """
                {"name": "falling-back", "startAt": "call", "states": {
                  "call": {"type": "task", "function": "broken", "catch": [{"errors": ["function-failed"],
                           "next": "fallback", "resultPath": "$.failure"}], "end": true},
                  "fallback": {"type": "task", "function": "fallback", "resultPath": "$.answer", "end": true}}}
                """).expectStatus().isCreated();
        String caught = invoke("/function/falling-back", "{\"id\":1}").expectStatus().isOk().expectBody()
                .jsonPath("$.answer.fallback").isEqualTo("fn")
                .jsonPath("$.failure.error").isEqualTo("function-failed")
                .returnResult().getResponseHeaders().getFirst("X-Call-Id");
        assertThat(stepPlatforms(read("/federation/v1/calls/" + caught))).containsExactly("call@openfaas:caught",
                "fallback@fn:succeeded");
    }

    @Test
    void aCompositionCallsACompositionAndAFailedRunAnswers500WithWhereItFailed() {
        save("order-flow", "application/json", ORDER_FLOW).expectStatus().isCreated();
        save("outer", "application/json", """
                {"name": "outer", "startAt": "inner", "states": {"inner": {"type": "task",
                 "function": "order-flow", "output": "$.price", "end": true}}}
                """).expectStatus().isCreated();
        invoke("/function/outer", "{\"order\":8}").expectStatus().isOk().expectBody().json("{\"total\":99}", true);

        save("failing", "application/json", """
                {"name": "failing", "startAt": "call", "states": {"call": {"type": "task", "function": "broken",
                 "end": true}}}
                """).expectStatus().isCreated();
        invoke("/function/failing", "{}").expectStatus().isEqualTo(500)
                .expectHeader().valueEquals(CompositionPlatform.RUN_STATUS_HEADER, "failed")
                .expectBody().jsonPath("$.error").value(error -> assertThat((String) error)
                        .startsWith("call: function-failed: ").contains("500"));
    }

    @Test
    void anAsynchronousRunIsQueuedRunAndTracedLikeAnyAsyncCall() {
        save("order-flow", "application/json", ORDER_FLOW).expectStatus().isCreated();
        String callId = invoke("/async-function/order-flow", "{\"order\":9}").expectStatus().isAccepted()
                .expectHeader().valueEquals("X-Faasfed-Platform", "compositions")
                .returnResult(Void.class).getResponseHeaders().getFirst("X-Call-Id");
        JsonNode done = Eventually.await("run " + callId + " succeeded", WAIT,
                () -> read("/federation/v1/calls/" + callId), call -> "succeeded".equals(call.path("state")
                        .asString()));
        assertThat(json.readTree(done.path("result").path("body").asString()).path("price").path("total").asInt())
                .isEqualTo(99);
        assertThat(stepPlatforms(done)).containsExactly("validate@openfaas:succeeded", "price@fn:succeeded",
                "notify@openwhisk:succeeded");
        assertThat(done.path("run").path("resumes").asInt()).isZero();
    }

    @Test
    void definitionsAreValidatedWhenSavedAndCompositionsAreListedAndDeletedLikeFunctions() {
        save("bad", "application/json", """
                {"name": "bad", "startAt": "a", "states": {"a": {"type": "task", "function": "validate",
                 "input": "$.items[*]", "next": "nowhere"}, "lost": {"type": "succeed"}}}
                """).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.title").isEqualTo("Invalid composition")
                .jsonPath("$.violations[*].path").value(paths -> assertThat(paths.toString())
                        .contains("states.a.next", "states.a.input", "states.lost"));
        save("other-name", "application/json", ORDER_FLOW).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.violations[0].path").isEqualTo("name");
        save("order-flow", "text/plain", ORDER_FLOW).expectStatus().isBadRequest();
        save("validate", "application/json", ORDER_FLOW.replace("order-flow", "validate")).expectStatus()
                .isEqualTo(409);
        save("uses-missing", "application/json", """
                {"name": "uses-missing", "startAt": "a", "states": {"a": {"type": "task", "function": "nobody",
                 "end": true}}}
                """).expectStatus().isCreated().expectBody().jsonPath("$.warnings[0]").value(warning ->
                        assertThat((String) warning).contains("'nobody'"));

        save("order-flow", "application/json", ORDER_FLOW).expectStatus().isCreated();
        long revision = read("/federation/v1/compositions/order-flow").path("revision").asLong();
        save("order-flow", "application/yaml", """
                name: order-flow
                startAt: validate
                states:
                  validate: {type: task, function: validate, end: true}
                """).expectStatus().isOk().expectBody().jsonPath("$.revision").isEqualTo((int) revision + 1);

        JsonNode listed = json.readTree(client.get().uri("/system/functions").header(HttpHeaders.AUTHORIZATION,
                TestKeys.ADMIN_BEARER).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody());
        JsonNode flow = listed.valueStream().filter(function -> "order-flow".equals(function.path("name")
                .asString())).findFirst().orElseThrow();
        assertThat(flow.path("labels").path("faasfed.kind").asString()).isEqualTo("composition");
        assertThat(read("/federation/v1/compositions").valueStream().map(c -> c.path("name").asString()).toList())
                .contains("order-flow", "uses-missing");

        client.delete().uri("/federation/v1/compositions/uses-missing").header(HttpHeaders.AUTHORIZATION,
                TestKeys.ADMIN_BEARER).exchange().expectStatus().isNoContent();
        client.delete().uri("/federation/v1/compositions/uses-missing").header(HttpHeaders.AUTHORIZATION,
                TestKeys.ADMIN_BEARER).exchange().expectStatus().isNotFound();
        invoke("/function/uses-missing", "{}").expectStatus().isNotFound();
        Map<String, Object> unknown = client.get().uri("/federation/v1/compositions/uses-missing")
                .header(HttpHeaders.AUTHORIZATION, TestKeys.ADMIN_BEARER).exchange().expectStatus().isNotFound()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
        assertThat(unknown).containsKey("detail");
    }
}

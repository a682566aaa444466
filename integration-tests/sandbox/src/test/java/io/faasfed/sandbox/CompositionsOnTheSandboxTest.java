package io.faasfed.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample compositions the sandbox ships and saves at start, run against the real emulators (every step a local
 * process on its platform): {@code welcome} goes OpenFaaS, then Fn, then OpenWhisk; {@code everywhere} runs a branch
 * on each platform at once; {@code resilient} retries the flaky function on OpenFaaS until it succeeds and falls back
 * from a broken function on Fn to a greeting on OpenWhisk. Each run's trace is read back from
 * {@code /federation/v1/calls/{id}}, synchronous or not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompositionsOnTheSandboxTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ADA = "{\"name\":\"Ada\"}";
    /** What welcome answers for Ada: OpenFaaS shouted the JSON string, Fn counted it (5 bytes, quotes included). */
    private static final String WELCOME_ADA = "{\"name\":\"Ada\",\"shout\":\"ADA\",\"stats\":{\"lines\":0,\"words\":1,"
            + "\"bytes\":5},\"welcome\":{\"greeting\":\"Hello, Ada!\"}}";

    private final JsonMapper json = JsonMapper.builder().build();
    private FaasfedSandbox sandbox;
    private WebTestClient client;

    @BeforeAll
    void start() {
        sandbox = FaasfedSandbox.start(0, "--logging.level.root=WARN", "--faasfed.discovery.interval=1h");
        client = WebTestClient.bindToServer().baseUrl(sandbox.gatewayUrl()).responseTimeout(WAIT)
                .defaultHeader(HttpHeaders.AUTHORIZATION, sandbox.bearerAuthorization()).build();
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private WebTestClient.ResponseSpec call(String path, String body) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private JsonNode read(String uri) {
        return json.readTree(client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    /** The task steps of a call's run as {@code path@platform:status}, in the order they started. */
    private static List<String> tasks(JsonNode call) {
        return call.path("run").path("steps").valueStream().filter(step -> "task".equals(step.path("type").asString()))
                .map(step -> step.path("path").asString() + "@" + step.path("platform").asString() + ":"
                        + step.path("status").asString()).toList();
    }

    @Test
    void theShippedCompositionsAreSavedAtStartAndListedAsFunctions() {
        assertThat(read("/federation/v1/compositions").valueStream().map(c -> c.path("name").asString()))
                .containsExactlyInAnyOrder("welcome", "everywhere", "resilient");
        assertThat(read("/system/functions").valueStream()
                .filter(function -> "composition".equals(function.path("labels").path("faasfed.kind").asString()))
                .map(function -> function.path("name").asString()))
                .containsExactlyInAnyOrder("welcome", "everywhere", "resilient");
    }

    @Test
    void welcomeRunsOnOpenFaasThenFnThenOpenWhiskAndItsTraceNamesEachStepsPlatform() {
        String callId = call("/function/welcome", ADA).expectStatus().isOk()
                .expectHeader().valueEquals("X-Faasfed-Platform", "compositions")
                .expectHeader().valueEquals("X-Faasfed-Run-Status", "succeeded")
                .expectBody().json(WELCOME_ADA, true)
                .returnResult().getResponseHeaders().getFirst("X-Call-Id");

        JsonNode call = read("/federation/v1/calls/" + callId);
        assertThat(call.path("run").path("composition").asString()).isEqualTo("welcome");
        assertThat(call.path("run").path("status").asString()).isEqualTo("succeeded");
        assertThat(tasks(call)).containsExactly("shout@openfaas:succeeded", "count@fn:succeeded",
                "greet@openwhisk:succeeded");
        JsonNode steps = call.path("run").path("steps");
        for (int i = 1; i < steps.size(); i++) {
            assertThat(Instant.parse(steps.get(i).path("startedAt").asString())).as("step %d starts after %d ended", i,
                    i - 1).isAfterOrEqualTo(Instant.parse(steps.get(i - 1).path("finishedAt").asString()));
        }
        // Fn got the selected input, the JSON string "Ada", and answered its counts
        assertThat(steps.get(1).path("inputBytes").asLong()).isEqualTo("\"Ada\"".length());
        assertThat(steps.get(1).path("outputBytes").asLong())
                .isEqualTo("{\"lines\":0,\"words\":1,\"bytes\":5}\n".length());
        assertThat(call.path("run").path("platforms")).extracting(JsonNode::asString)
                .containsExactly("fn", "openfaas", "openwhisk");
    }

    @Test
    void everywhereRunsOneBranchPerPlatformAndJoinsTheirAnswersInOrder() {
        String callId = call("/function/everywhere", ADA).expectStatus().isOk().expectBody()
                .json("[{\"NAME\":\"ADA\"},{\"lines\":0,\"words\":1,\"bytes\":" + ADA.length() + "},"
                        + "{\"greeting\":\"Hello, Ada!\"}]", true)
                .returnResult().getResponseHeaders().getFirst("X-Call-Id");

        assertThat(tasks(read("/federation/v1/calls/" + callId))).containsExactlyInAnyOrder(
                "all.branches[0].openfaas@openfaas:succeeded", "all.branches[1].fn@fn:succeeded",
                "all.branches[2].openwhisk@openwhisk:succeeded");
    }

    @Test
    void resilientRetriesTheFlakyFunctionUntilItSucceedsAndFallsBackToAnotherPlatform() {
        // twice: flaky fails the first call of each run, not just the first call it ever gets
        for (int run = 1; run <= 2; run++) {
            String callId = call("/function/resilient", ADA).expectStatus().isOk().expectBody()
                    .jsonPath("$.echoed").isEqualTo("Ada")
                    .jsonPath("$.failure.error").isEqualTo("function-failed")
                    .jsonPath("$.fallback.greeting").isEqualTo("Hello, Ada!")
                    .jsonPath("$.primary").doesNotExist()
                    .returnResult().getResponseHeaders().getFirst("X-Call-Id");

            JsonNode call = read("/federation/v1/calls/" + callId);
            assertThat(call.path("run").path("steps").valueStream().map(step -> step.path("path").asString() + "#"
                    + step.path("attempt").asInt() + "@" + step.path("platform").asString() + ":"
                    + step.path("status").asString()).toList()).as("run %d", run).containsExactly(
                    "flaky#1@openfaas:retrying", "flaky#2@openfaas:succeeded", "primary#1@fn:caught",
                    "fallback#1@openwhisk:succeeded");
            JsonNode steps = call.path("run").path("steps");
            assertThat(steps.get(0).path("error").asString()).contains("'flaky'", "500");
            assertThat(steps.get(2).path("error").asString()).contains("'broken'");
            assertThat(steps.get(3).path("error").isNull()).isTrue();
        }
    }

    @Test
    void welcomeThroughTheAsyncQueueSucceedsWithTheSameOutputAndTrace() {
        String callId = call("/async-function/welcome", ADA).expectStatus().isAccepted()
                .expectHeader().valueEquals("X-Faasfed-Platform", "compositions")
                .expectBody().isEmpty().getResponseHeaders().getFirst("X-Call-Id");

        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("async run " + callId + " succeeded").atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    last.set(read("/federation/v1/calls/" + callId));
                    return "succeeded".equals(last.get().path("state").asString());
                });
        JsonNode done = last.get();
        assertThat(done.path("function").asString()).isEqualTo("welcome");
        assertThat(json.readTree(done.path("result").path("body").asString()))
                .isEqualTo(json.readTree(WELCOME_ADA));
        assertThat(done.path("run").path("status").asString()).isEqualTo("succeeded");
        assertThat(tasks(done)).containsExactly("shout@openfaas:succeeded", "count@fn:succeeded",
                "greet@openwhisk:succeeded");
    }
}

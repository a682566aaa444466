package io.faasfed.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCatalogTest {

    private final SandboxCatalog catalog = SandboxCatalog.defaults();
    private final ProcessFunctionRunner runner = new ProcessFunctionRunner(EmulatorOptions.DEFAULT_MAX_BYTES);
    private WireMockServer gateway;

    @BeforeEach
    void startGateway() {
        gateway = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop();
        runner.close();
    }

    private ProcessOutcome run(String image, Map<String, String> env, String stdin) {
        List<String> command = catalog.resolve(image, env).orElseThrow();
        return runner.run(new ProcessCall(command, env, stdin.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60),
                false)).block(Duration.ofSeconds(70));
    }

    @Test
    void catalogHasTheSampleImages() {
        assertThat(catalog.images()).contains("faasfed/samples:echo", "faasfed/samples:uppercase",
                "faasfed/samples:wordcount", "faasfed/samples:fail", "faasfed/samples:sleep",
                "faasfed/samples:call-function", "faasfed/samples:greet");
        assertThat(catalog.commandLine("docker.io/faasfed/samples:echo")).hasValue("cat");
        assertThat(catalog.commandLine("unknown/image:1")).isEmpty();
    }

    @Test
    void fprocessOverridesTheCatalog() {
        assertThat(catalog.resolve("faasfed/samples:echo", Map.of("fprocess", "rev")))
                .hasValue(List.of("sh", "-c", "rev"));
    }

    /**
     * Runs an OpenWhisk action sample as the action proxy does, one envelope line per activation on stdin, with fd 3
     * (where results go) sent to stdout here.
     */
    private ProcessOutcome runActionLoop(String image, Map<String, String> env, String... envelopes) {
        String commandLine = catalog.commandLine(image).orElseThrow();
        String stdin = String.join("\n", envelopes) + "\n";
        return runner.run(new ProcessCall(List.of("sh", "-c", "{ " + commandLine + "\n} 3>&1"), env,
                stdin.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60), false)).block(Duration.ofSeconds(70));
    }

    @Test
    void wordcountAndGreetDoWhatTheySay() {
        assertThat(run("faasfed/samples:wordcount", Map.of(), "one two three\n").stdoutText().trim().split("\\s+"))
                .containsExactly("1", "3", "14");
        assertThat(runActionLoop("faasfed/samples:greet", Map.of(),
                "{\"value\":{\"name\": \"fed\"},\"action_name\":\"/guest/greet\"}", "{\"value\":{}}").stdoutText())
                .isEqualTo("{\"greeting\":\"Hello, fed!\"}\n{\"greeting\":\"Hello, stranger!\"}\n");
    }

    @Test
    void wordstatsAnswersJsonAndFlakyFailsTheFirstCallOfEachRunThenSucceeds(@TempDir Path state) {
        assertThat(run("faasfed/samples:wordstats", Map.of(), "one two three\n").stdoutText())
                .isEqualTo("{\"lines\":1,\"words\":3,\"bytes\":14}\n");

        Map<String, String> runA = Map.of("STATE_DIR", state.toString(), "Http_X_Parent_Call_Id", "run-a");
        Map<String, String> runB = Map.of("STATE_DIR", state.toString(), "Http_X_Parent_Call_Id", "run-b");
        ProcessOutcome first = run("faasfed/samples:flaky", runA, "x");
        assertThat(first.exitCode()).isEqualTo(1);
        assertThat(first.stderrText()).contains("the next one succeeds");
        assertThat(run("faasfed/samples:flaky", runB, "b").exitCode()).as("another run has its own turn").isEqualTo(1);
        ProcessOutcome second = run("faasfed/samples:flaky", runA, "again");
        assertThat(second.exitCode()).isZero();
        assertThat(second.stdoutText()).isEqualTo("again");
        assertThat(run("faasfed/samples:flaky", runA, "x").exitCode()).as("and every other call fails").isEqualTo(1);
        assertThat(state).isNotEmptyDirectory();
    }

    @Test
    void callFunctionPostsItsInputToTheTargetThroughTheGateway() {
        gateway.stubFor(post("/function/wordcount").willReturn(aResponse().withBody("      1       3      14\n")));

        ProcessOutcome outcome = run("faasfed/samples:call-function", Map.of("FAASFED_GATEWAY_URL", gateway.baseUrl(),
                "TARGET_FUNCTION", "wordcount", "Http_X_Call_Id", "call-7"), "one two three\n");

        assertThat(outcome.succeeded()).as(outcome.stderrText()).isTrue();
        assertThat(outcome.stdoutText()).isEqualTo("      1       3      14\n");
        gateway.verify(postRequestedFor(urlEqualTo("/function/wordcount"))
                .withHeader("X-Call-Id", equalTo("call-7")));
        assertThat(gateway.getAllServeEvents().get(0).getRequest().getBodyAsString()).isEqualTo("one two three\n");
    }

    @Test
    void callFunctionAsAnOpenWhiskActionSendsTheTextAndAnswersOnFd3() {
        gateway.stubFor(post("/function/wordcount").willReturn(aResponse().withBody("3")));
        gateway.stubFor(post("/function/broken").willReturn(aResponse().withStatus(500).withBody("boom")));
        Map<String, String> env = Map.of("FAASFED_GATEWAY_URL", gateway.baseUrl(), "TARGET_FUNCTION", "wordcount",
                "__OW_API_HOST", "http://127.0.0.1:1");

        ProcessOutcome fine = runActionLoop("faasfed/samples:call-function", env,
                "{\"value\":{\"text\":\"a \\\"b\\\"\"},\"activation_id\":\"a1\"}",
                "{\"value\":{\"__ow_method\":\"post\",\"__ow_body\":\"raw words\"},\"activation_id\":\"a2\"}");
        ProcessOutcome failed = runActionLoop("faasfed/samples:call-function", Map.of("FAASFED_GATEWAY_URL",
                gateway.baseUrl(), "TARGET_FUNCTION", "wordcount,broken", "__OW_API_HOST", "http://127.0.0.1:1"),
                "{\"value\":{}}");

        List<String> results = fine.stdoutText().lines().toList();
        assertThat(results).as(fine.stderrText()).hasSize(2);
        assertThat(Json.parse(results.get(0).getBytes(StandardCharsets.UTF_8)).path("calls").get(0).path("body")
                .asString()).isEqualTo("3");
        assertThat(Json.parse(results.get(0).getBytes(StandardCharsets.UTF_8)).path("calls").get(0).path("status")
                .asInt()).isEqualTo(200);
        assertThat(gateway.getAllServeEvents().stream().map(event -> event.getRequest().getBodyAsString()))
                .contains("a \"b\"", "raw words");
        assertThat(Json.parse(failed.stdout()).path("error").asString()).contains("failed");
        assertThat(Json.parse(failed.stdout()).path("calls")).hasSize(2);
    }

    @Test
    void callFunctionWithoutTheGatewayUrlFailsClearly() {
        ProcessOutcome outcome = run("faasfed/samples:call-function", Map.of("TARGET_FUNCTION", "x"), "");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderrText()).contains("FAASFED_GATEWAY_URL");
    }
}

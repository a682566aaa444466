package io.faasfed.emulator.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.faasfed.network.Engine;
import io.faasfed.network.Progress;
import io.faasfed.network.image.ImageBuilder;
import io.faasfed.network.testing.PrivateDockerEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Function containers on a real engine: busybox images with faasfed's watchdog, made on a bridge network, called at
 * their address there (the emulator-on-the-host case), replaced when their spec changes, removed with their owner.
 */
class FunctionContainersTest {

    private static final String NETWORK = "fft-function-containers";
    private static final String UPPER = "local/fft-fn-upper:1";
    private static final String OWNER = "fft-containers";
    private static final Duration CALL = Duration.ofSeconds(30);

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static FunctionContainers containers;

    @BeforeAll
    static void images() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
        docker.client().createNetworkCmd().withName(NETWORK).withDriver("bridge").exec();
        new FunctionImages(new ImageBuilder(engine, Progress.SILENT))
                .build(UPPER, Map.of("function/handler.sh", "#!/bin/sh\necho \"log line on stderr\" >&2\ntr a-z A-Z\n"),
                        "sh /function/handler.sh")
                .block(Duration.ofMinutes(2));
        containers = new FunctionContainers(engine, new ContainerSettings(OWNER, NETWORK, Addressing.IP,
                Duration.ofSeconds(60), 1 << 20));
    }

    @AfterAll
    static void cleanUp() {
        if (engine == null) {
            return;
        }
        try {
            containers.close();
            docker.cleanUp();
            new ImageBuilder(engine, Progress.SILENT).remove(UPPER).block(Duration.ofMinutes(1));
        } finally {
            engine.close();
        }
    }

    private static FunctionContainerSpec spec(String key, Map<String, String> env) {
        return new FunctionContainerSpec(key, "fft-fc-" + key, UPPER, env, NETWORK, List.of(key + "-alias"),
                Map.of("fft.test", "true"));
    }

    private static FunctionResponse post(FunctionContainer c, String path, String body, Map<String, String> headers) {
        return containers.call(c, "POST", path, List.copyOf(headers.entrySet()),
                body.getBytes(StandardCharsets.UTF_8), CALL).block(CALL.plusSeconds(5));
    }

    @Test
    void theClassicWatchdogContractOverTheNetwork() {
        FunctionContainer c = containers.ensure(spec("upper", Map.of())).block(Duration.ofMinutes(1));

        FunctionResponse answer = post(c, "/some/path?x=1", "hello federation\n", Map.of("Content-Type", "text/plain"));
        assertThat(answer.status()).isEqualTo(200);
        // combine_output defaults to true, as in the classic watchdog: stderr follows stdout.
        assertThat(answer.text()).isEqualTo("HELLO FEDERATION\nlog line on stderr\n");
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain");

        JsonNode inspect = engine.json("inspect", "GET", "/containers/" + c.id() + "/json", null).block();
        JsonNode attached = inspect.path("NetworkSettings").path("Networks").path(NETWORK);
        assertThat(attached.path("IPAddress").asText()).isEqualTo(c.address());
        assertThat(attached.path("Aliases").toString()).contains("upper-alias");
        assertThat(inspect.path("Config").path("Labels").path(FunctionContainers.OWNER_LABEL).asText()).isEqualTo(OWNER);
        assertThat(inspect.path("Config").path("User").asText()).isEqualTo("10001");
    }

    @Test
    void theSameSpecKeepsItsContainerAndAChangedOneReplacesIt() {
        FunctionContainer first = containers.ensure(spec("replaced", Map.of("combine_output", "false")))
                .block(Duration.ofMinutes(1));
        FunctionContainer again = containers.ensure(spec("replaced", Map.of("combine_output", "false")))
                .block(Duration.ofMinutes(1));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(post(first, "/", "abc", Map.of()).text()).isEqualTo("ABC");

        FunctionContainer changed = containers.ensure(spec("replaced", Map.of("combine_output", "false",
                "content_type", "text/x-shout"))).block(Duration.ofMinutes(1));
        assertThat(changed.id()).isNotEqualTo(first.id());
        FunctionResponse answer = post(changed, "/", "abc", Map.of());
        assertThat(answer.header("Content-Type")).isEqualTo("text/x-shout");
        assertThat(docker.client().listContainersCmd().withShowAll(true).exec())
                .extracting(container -> container.getId()).doesNotContain(first.id()).contains(changed.id());

        containers.remove("replaced").block(Duration.ofMinutes(1));
        assertThat(docker.client().listContainersCmd().withShowAll(true).exec())
                .extracting(container -> container.getId()).doesNotContain(changed.id());
    }

    @Test
    void aFailingProcessIsA500WithItsOutputAndExitStatus() {
        FunctionContainer c = containers.ensure(spec("failing", Map.of("fprocess", "echo boom; exit 3")))
                .block(Duration.ofMinutes(1));
        FunctionResponse answer = post(c, "/", "", Map.of());
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.text()).isEqualTo("boom\nexit status 3\n");
    }

    @Test
    void execTimeoutKillsTheProcessWithA408() {
        FunctionContainer c = containers.ensure(spec("slow", Map.of("fprocess", "sleep 60", "exec_timeout", "2s")))
                .block(Duration.ofMinutes(1));
        FunctionResponse answer = post(c, "/", "", Map.of());
        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.text()).contains("exec_timeout");
    }

    @Test
    void noAnswerWithinTheCallsTimeoutIsFunctionTimedOut() {
        FunctionContainer c = containers.ensure(spec("stuck", Map.of("fprocess", "sleep 60")))
                .block(Duration.ofMinutes(1));
        assertThatThrownBy(() -> containers.call(c, "POST", "/", List.of(), new byte[0], Duration.ofSeconds(2))
                .block(Duration.ofSeconds(30)))
                .isInstanceOf(FunctionTimedOut.class);
    }

    @Test
    void theOpenWhiskActionContractWhenTheContainerHasAnApiHost() {
        FunctionContainer c = containers.ensure(spec("action", Map.of("__OW_API_HOST", "http://controller:8888",
                "fprocess", "v=$(cat); echo \"got $v\"; echo '{\"greeting\":\"hi\",\"params\":'\"$v\"'}'")))
                .block(Duration.ofMinutes(1));

        FunctionResponse run = post(c, "/run", "{\"value\":{}}", Map.of("Content-Type", "application/json"));
        assertThat(run.status()).isEqualTo(403);

        FunctionResponse init = post(c, "/init", "{\"value\":{\"main\":\"main\",\"binary\":false,\"env\":{}}}",
                Map.of("Content-Type", "application/json"));
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.text()).isEqualTo("{\"ok\":true}");
        assertThat(post(c, "/init", "{\"value\":{}}", Map.of()).status()).isEqualTo(403);

        run = post(c, "/run", "{\"value\":{\"name\":\"a } b\",\"n\":1},\"activation_id\":\"abc\",\"namespace\":\"guest\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.text()).isEqualTo("{\"greeting\":\"hi\",\"params\":{\"name\":\"a } b\",\"n\":1}}");
        String logs = docker.logs(c.id());
        assertThat(logs).contains("got {\"name\":\"a } b\",\"n\":1}").contains("XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX");
    }

    @Test
    void anImageTheEngineDoesNotHaveIsFunctionUnavailableNamingIt() {
        FunctionContainerSpec missing = new FunctionContainerSpec("missing", "fft-fc-missing", "local/fft-no-such:1",
                Map.of(), NETWORK, List.of(), Map.of());
        assertThatThrownBy(() -> containers.ensure(missing).block(Duration.ofMinutes(1)))
                .isInstanceOf(FunctionUnavailable.class)
                .hasMessageContaining("local/fft-no-such:1");
    }

    @Test
    void aContainerThatExitsAtOnceIsFunctionUnavailableWithItsLog() {
        FunctionContainerSpec broken = new FunctionContainerSpec("broken", "fft-fc-broken", UPPER,
                Map.of(), "fft-no-such-network", List.of(), Map.of());
        assertThatThrownBy(() -> containers.ensure(broken).block(Duration.ofMinutes(1)))
                .isInstanceOf(FunctionUnavailable.class)
                .hasMessageContaining("fft-no-such-network");
    }

    @Test
    void aRestartedOwnerRemovesWhatTheEarlierOneLeft() {
        FunctionContainer left = containers.ensure(spec("left", Map.of())).block(Duration.ofMinutes(1));
        FunctionContainers restarted = new FunctionContainers(engine, containers.settings());
        assertThat(restarted.removeStale().block(Duration.ofMinutes(1))).isGreaterThanOrEqualTo(1);
        assertThat(docker.client().listContainersCmd().withShowAll(true).exec())
                .extracting(container -> container.getId()).doesNotContain(left.id());
    }
}

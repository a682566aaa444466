package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * {@code destroy --force} on a real swarm takes a running service off the network and leaves the rest of its spec as
 * it was, including the fields docker-java's model does not know (sysctls, capabilities, ulimits, pids limit,
 * placement preferences, another network's driver options), then waits until the service's old task has let go of the
 * network to remove it. The spec is read with the docker CLI, not docker-java.
 */
class DestroyForceOnARealSwarmTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PrivateDockerEngine docker;
    private static Engine engine;

    @BeforeAll
    static void swarm() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
            docker.cleanUp();
        }
    }

    @Test
    void theServiceLosesTheNetworkAndKeepsEverythingElse() throws Exception {
        NetworkSetup setup = new NetworkSetup(engine);
        setup.apply(NetworkRequest.of(NetworkSpec.named("fft-destroy")), Progress.SILENT).block(Duration.ofMinutes(1));
        cli("network", "create", "--driver", "overlay", "--attachable", "fft-keep");
        String image = docker.busyboxImage();
        cli("service", "create", "--detach", "--no-resolve-image", "--name", "fft-rich", "--label", PrivateDockerEngine.TEST_LABEL + "=true",
                "--network", "name=fft-destroy,alias=rich",
                "--network", "name=fft-keep,alias=kept,driver-opt=com.docker.network.driver.mtu=1400",
                "--health-cmd", "true", "--health-interval", "5s", "--sysctl", "net.ipv4.tcp_keepalive_time=600",
                "--cap-add", "CAP_NET_ADMIN", "--ulimit", "nofile=1024:2048", "--limit-pids", "200",
                "--placement-pref", "spread=node.labels.zone", "--env", "A=1",
                image, "sleep", "3600");
        // A running task keeps the network in use after the update until it has stopped ("sleep" waits out its 10 s
        // grace period): the engine's refusals meanwhile must be waited out.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(cli("service", "ps", "--format", "{{.CurrentState}}", "fft-rich")).startsWith("Running"));
        JsonNode before = spec("fft-rich");

        DestroyResult result = setup.destroy("fft-destroy", true, Progress.SILENT).block(Duration.ofMinutes(3));

        assertThat(result.changes()).extracting(Change::action)
                .contains(Change.Action.DETACH_SERVICE, Change.Action.REMOVE_NETWORK);
        JsonNode after = spec("fft-rich");
        JsonNode expected = before.deepCopy();
        var networks = (com.fasterxml.jackson.databind.node.ArrayNode) expected.path("TaskTemplate").path("Networks");
        List<Integer> drop = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            if (networks.get(i).path("Aliases").toString().contains("rich")) {
                drop.add(0, i);
            }
        }
        assertThat(drop).hasSize(1);
        drop.forEach(i -> networks.remove((int) i));
        assertThat(after).isEqualTo(expected);
        // The engine writes "Healthcheck" (its Go field has no JSON name), where the v1.41 document says "HealthCheck".
        assertThat(after.path("TaskTemplate").path("ContainerSpec").path("Healthcheck").path("Test").toString()).contains("true");
        assertThat(after.path("TaskTemplate").path("ContainerSpec").path("CapabilityAdd").toString()).contains("CAP_NET_ADMIN");
        assertThat(after.path("TaskTemplate").path("ContainerSpec").path("Ulimits").size()).isEqualTo(1);
        assertThat(after.path("TaskTemplate").path("Resources").path("Limits").path("Pids").asInt()).isEqualTo(200);
        assertThat(after.path("TaskTemplate").path("Placement").path("Preferences").size()).isEqualTo(1);
        assertThat(after.path("TaskTemplate").path("ContainerSpec").path("Sysctls").size()).isEqualTo(1);
        assertThat(after.path("TaskTemplate").path("Networks").get(0).path("DriverOpts").size()).isEqualTo(1);
    }

    private static JsonNode spec(String service) throws Exception {
        return JSON.readTree(cli("service", "inspect", "--format", "{{json .Spec}}", service));
    }

    private static String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PrivateDockerEngine.dockerCli(), "-H", docker.host()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("docker %s finished", args[0]).isTrue();
        assertThat(process.exitValue()).as("docker %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}

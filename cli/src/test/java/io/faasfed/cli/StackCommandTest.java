package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.Engine;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSetup;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Progress;
import io.faasfed.network.stack.StackDeployer;
import io.faasfed.network.testing.PrivateDockerEngine;

/** {@code faasfed stack}: its help, and plan, deploy, status and rm of a one-service stack on a real swarm. */
class StackCommandTest {

    @TempDir
    Path dir;

    @Test
    void planAndDeployHelpNameTheirOptionsAndFitEightyColumns() {
        for (String command : List.of("plan", "deploy")) {
            Cli.Result help = Cli.run("stack", command, "--help");

            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("--compose-file", "--stack", "--env-file", "--help", "--host", "--json");
            assertThat(help.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        }
        Cli.Result missing = Cli.run("stack", "deploy");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--compose-file");
    }

    @Test
    void planDeployAgainStatusAndRmOnARealSwarm() throws Exception {
        PrivateDockerEngine docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        Map<String, String> env = EngineFixture.env(docker);
        try (Engine engine = Engine.connect(docker.endpoint())) {
            Files.writeString(dir.resolve(".env"), "# the shared network\nNET=fft-stackcli\n");
            Path file = Files.writeString(dir.resolve("stack.yml"), """
                    services:
                      web:
                        image: %s
                        command: ["httpd", "-f", "-p", "8080"]
                        networks: [faasnet]
                        deploy:
                          endpoint_mode: dnsrr
                    networks:
                      faasnet:
                        external: true
                        name: ${NET}
                    """.formatted(docker.busyboxImage()));
            String[] files = {"-c", file.toString(), "--env-file", dir.resolve(".env").toString(), "--stack", "fft-cli"};

            Cli.Result noNetwork = Cli.run(env, concat(new String[] {"stack", "plan"}, files));
            assertThat(noNetwork.exitCode()).as(noNetwork.err()).isEqualTo(9);
            assertThat(noNetwork.err()).contains("fft-stackcli", "faasfed network apply");

            new NetworkSetup(engine).apply(NetworkRequest.of(NetworkSpec.named("fft-stackcli")), Progress.SILENT)
                    .block(Duration.ofMinutes(1));
            Cli.Result plan = Cli.run(env, concat(new String[] {"stack", "plan"}, files));
            assertThat(plan.exitCode()).as(plan.err()).isZero();
            assertThat(plan.out()).contains("+ create service fft-cli_web", "= unchanged network fft-stackcli");
            assertThat(docker.client().listServicesCmd().withNameFilter(List.of("fft-cli_web")).exec()).isEmpty();

            Cli.Result deploy = Cli.run(env, concat(new String[] {"stack", "deploy"}, files));
            assertThat(deploy.exitCode()).as(deploy.err()).isZero();
            assertThat(deploy.out()).contains("+ created service fft-cli_web");

            Cli.Result again = Cli.run(env, concat(new String[] {"--json", "stack", "deploy"}, files));
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(new ObjectMapper().readTree(again.out()).path("changed").asBoolean(true)).isFalse();

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Cli.Result status = Cli.run(env, "--json", "stack", "status", "--stack", "fft-cli");
                assertThat(status.exitCode()).as(status.err()).isZero();
                JsonNode service = new ObjectMapper().readTree(status.out()).path("services").get(0);
                assertThat(service.path("name").asText()).isEqualTo("fft-cli_web");
                assertThat(service.path("running").asInt()).isEqualTo(1);
                assertThat(service.path("desired").asInt()).isEqualTo(1);
            });

            Cli.Result rm = Cli.run(env, "stack", "rm", "--stack", "fft-cli");
            assertThat(rm.exitCode()).as(rm.err()).isZero();
            assertThat(rm.out()).contains("- service fft-cli_web");
            assertThat(docker.client().listServicesCmd().withLabelFilter(Map.of(StackDeployer.NAMESPACE, "fft-cli")).exec())
                    .isEmpty();
            assertThat(engine.networksNamed("fft-stackcli").collectList().block(Duration.ofSeconds(30))).hasSize(1);
        } finally {
            docker.cleanUp();
        }
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}

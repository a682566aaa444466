package io.faasfed.network.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.faasfed.network.Engine;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSetup;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Progress;
import io.faasfed.network.stack.StackPlan.Action;
import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * A two-service stack with a file-based secret on a real single-node swarm: deployed, running, reachable by name on
 * the shared network, unchanged by a second deploy, and removed without touching the network.
 */
class StackDeployerOnARealSwarmTest {

    private static final String STACK = "fft-stk";

    private static PrivateDockerEngine docker;
    private static Engine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void swarm() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            new StackDeployer(engine).rm(STACK, Progress.SILENT).onErrorResume(e -> reactor.core.publisher.Mono.empty())
                    .block(Duration.ofMinutes(1));
            engine.close();
            docker.cleanUp();
        }
    }

    @Test
    void deployRunStatusRedeployAndRemove() throws Exception {
        new NetworkSetup(engine).apply(NetworkRequest.of(NetworkSpec.named("fft-stack")), Progress.SILENT)
                .block(Duration.ofMinutes(1));
        String image = docker.busyboxImage();
        Files.writeString(dir.resolve("token.txt"), "s3cret-from-file");
        Path file = Files.writeString(dir.resolve("stack.yml"), """
                services:
                  web:
                    image: %1$s
                    command: ["httpd", "-f", "-p", "8080", "-h", "/run/secrets"]
                    networks: [faasnet]
                    secrets: [token]
                    deploy:
                      endpoint_mode: dnsrr
                  api:
                    image: %1$s
                    command: ["httpd", "-f", "-p", "8080"]
                    networks:
                      faasnet:
                        aliases: [api-alias]
                    deploy:
                      endpoint_mode: dnsrr
                      restart_policy: {condition: any, delay: 1s}
                networks:
                  faasnet:
                    external: true
                    name: fft-stack
                secrets:
                  token:
                    file: ./token.txt
                """.formatted(image));
        StackDefinition definition = StackFiles.read(List.of(file), Map.of());
        StackDeployer deployer = new StackDeployer(engine);

        StackPlan first = deployer.deploy(definition, STACK, Progress.SILENT).block(Duration.ofMinutes(1));

        assertThat(first.changes()).filteredOn(c -> c.kind().equals("service")).extracting(StackPlan.Change::action)
                .containsOnly(Action.CREATE).hasSize(2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(deployer.status(STACK, Progress.SILENT).block(Duration.ofSeconds(30)))
                        .extracting(ServiceStatus::name, ServiceStatus::running, ServiceStatus::desired)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(STACK + "_api", 1, 1),
                                org.assertj.core.groups.Tuple.tuple(STACK + "_web", 1, 1)));
        // Reached by its service name on the shared network (dnsrr), serving the secret mounted from the file.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            PrivateDockerEngine.Run run = docker.runToCompletion("fft-stack", "fft-stack-probe",
                    List.of("wget", "-q", "-O-", "http://web:8080/token"), Duration.ofSeconds(30));
            assertThat(run.output()).contains("s3cret-from-file");
            assertThat(run.exitCode()).isZero();
        });

        StackPlan second = deployer.deploy(definition, STACK, Progress.SILENT).block(Duration.ofMinutes(1));

        assertThat(second.changed()).as("%s", second).isFalse();

        List<String> removed = deployer.rm(STACK, Progress.SILENT).block(Duration.ofMinutes(2));

        assertThat(removed).containsExactlyInAnyOrder("service " + STACK + "_web", "service " + STACK + "_api",
                "secret " + STACK + "_token");
        var client = docker.client();
        Map<String, String> namespace = Map.of(StackDeployer.NAMESPACE, STACK);
        assertThat(client.listServicesCmd().withLabelFilter(namespace).exec()).isEmpty();
        assertThat(client.listSecretsCmd().withLabelFilter(namespace).exec()).isEmpty();
        assertThat(engine.networksNamed("fft-stack").collectList().block(Duration.ofSeconds(30))).hasSize(1);
        assertThat(deployer.status(STACK, Progress.SILENT).block(Duration.ofSeconds(30))).isEmpty();
    }
}

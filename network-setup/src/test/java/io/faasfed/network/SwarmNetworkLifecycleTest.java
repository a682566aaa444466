package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;

import io.faasfed.network.testing.PrivateDockerEngine;

class SwarmNetworkLifecycleTest {

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
    void planOnABareSwarmCreatesAnAttachableOverlayThatContainersReachEachOtherOnByAlias() {
        NetworkSetup setup = new NetworkSetup(engine);
        NetworkRequest request = NetworkRequest.of(NetworkSpec.named("fft-lifecycle"));

        NetworkPlan plan = setup.plan(request, Progress.SILENT).block(Duration.ofMinutes(1));
        assertThat(plan.detection().mode()).isEqualTo(Mode.SWARM);
        assertThat(plan.changes()).extracting(Change::action).containsExactly(Change.Action.CREATE_NETWORK);
        assertThat(engine.networksNamed("fft-lifecycle").collectList().block()).isEmpty();

        NetworkPlan applied = setup.apply(request, Progress.SILENT).block(Duration.ofMinutes(1));
        assertThat(applied.changes()).hasSize(1);
        ExistingNetwork created = engine.networksNamed("fft-lifecycle").blockFirst();
        assertThat(created.driver()).isEqualTo("overlay");
        assertThat(created.attachable()).isTrue();
        assertThat(created.labels()).containsEntry("openfaas", "true").containsEntry(Labels.MANAGED_BY, Labels.FAASFED);

        NetworkPlan again = setup.apply(request, Progress.SILENT).block(Duration.ofMinutes(1));
        assertThat(again.upToDate()).isTrue();

        String image = docker.busyboxImage();
        var server = docker.client().createContainerCmd(image).withName("fft-server")
                .withCmd("httpd", "-f", "-p", "8080", "-h", "/etc")
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("fft-lifecycle"))
                .exec();
        docker.client().startContainerCmd(server.getId()).exec();
        docker.client().disconnectFromNetworkCmd().withNetworkId("fft-lifecycle").withContainerId(server.getId()).exec();
        docker.client().connectToNetworkCmd().withNetworkId("fft-lifecycle").withContainerId(server.getId())
                .withContainerNetwork(new ContainerNetwork().withAliases("echo-service")).exec();

        PrivateDockerEngine.Run run = docker.runToCompletion("fft-lifecycle", "fft-client",
                List.of("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://echo-service:8080/passwd && exit 0; sleep 1; done; exit 1"),
                Duration.ofMinutes(1));
        assertThat(run.output()).contains("root:x:0:0");
        assertThat(run.exitCode()).isZero();
    }
}

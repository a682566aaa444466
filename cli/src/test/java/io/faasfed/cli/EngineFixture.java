package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;

import io.faasfed.network.Labels;
import io.faasfed.network.testing.PrivateDockerEngine;

/** Arranging and checking on the private engine with the tests' own docker-java client (not the CLI's). */
final class EngineFixture {

    private EngineFixture() {
    }

    /** The environment the CLI runs in: DOCKER_HOST points at the private engine. */
    static Map<String, String> env(PrivateDockerEngine docker) {
        return Map.of("DOCKER_HOST", docker.host());
    }

    /**
     * A busybox httpd on {@code network} that serves {@code /healthz} ("ok") on port 8080, reachable there by
     * {@code aliases}; returns its id.
     */
    static String startHttpServer(PrivateDockerEngine docker, String network, String name, String... aliases) {
        DockerClient client = docker.client();
        String id = client.createContainerCmd(docker.busyboxImage()).withName(name)
                .withCmd("sh", "-c", "mkdir -p /www && echo ok > /www/healthz && exec httpd -f -p 8080 -h /www")
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
                .exec().getId();
        client.startContainerCmd(id).exec();
        client.disconnectFromNetworkCmd().withNetworkId(network).withContainerId(id).exec();
        client.connectToNetworkCmd().withNetworkId(network).withContainerId(id)
                .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec();
        return id;
    }

    /**
     * A container on {@code network} that fetches {@code url} (retrying for up to 30 s while DNS and routes settle),
     * prints the answer and {@code REACHED}, then stays attached; returns its id.
     */
    static String startClient(PrivateDockerEngine docker, String network, String name, String url) {
        DockerClient client = docker.client();
        String script = "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do "
                + "if wget -q -O - " + url + "; then echo REACHED " + url + "; exec sleep 3600; fi; sleep 1; done; "
                + "echo UNREACHABLE " + url + "; exec sleep 3600";
        String id = client.createContainerCmd(docker.busyboxImage()).withName(name).withCmd("sh", "-c", script)
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
                .exec().getId();
        client.startContainerCmd(id).exec();
        return id;
    }

    /** The client's output once it reached its URL or gave up. */
    static String awaitClient(PrivateDockerEngine docker, String id) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> docker.logs(id).contains("REACHED") || docker.logs(id).contains("UNREACHABLE"));
        return docker.logs(id);
    }

    /** Nothing labelled {@code io.faasfed.managed-by=faasfed} is left: no network, container or service. */
    static void assertNothingOfFaasfedsLeft(PrivateDockerEngine docker, boolean swarm) {
        DockerClient client = docker.client();
        String label = Labels.MANAGED_BY + "=" + Labels.FAASFED;
        assertThat(client.listNetworksCmd().withFilter("label", List.of(label)).exec()).as("networks labelled " + label)
                .isEmpty();
        assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.MANAGED_BY, Labels.FAASFED))
                .exec()).as("containers labelled " + label).isEmpty();
        if (swarm) {
            assertThat(client.listServicesCmd().withLabelFilter(Map.of(Labels.MANAGED_BY, Labels.FAASFED)).exec())
                    .as("services labelled " + label).isEmpty();
        }
    }
}

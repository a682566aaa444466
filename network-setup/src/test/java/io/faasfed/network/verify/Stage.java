package io.faasfed.network.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;

import io.faasfed.network.Labels;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.platform.Platform;
import io.faasfed.network.platform.PlatformLayout;
import io.faasfed.network.testing.PrivateDockerEngine;

/** Stand-ins for the platforms' components on a real engine: busybox httpd answering at a health path. */
final class Stage {

    private Stage() {
    }

    /** The shell command of a stand-in that serves {@code ok} at {@code path} on port 8080. */
    static List<String> serving(String path) {
        return List.of("sh", "-c", "mkdir -p /www" + parent(path) + " && echo ok > /www" + path + " && exec httpd -f -p 8080 -h /www");
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "" : path.substring(0, slash);
    }

    /** A Swarm service (endpoint mode dnsrr: no IPVS here) on {@code network} with {@code alias}, or on no network. */
    static void service(PrivateDockerEngine docker, String name, String network, String alias, List<String> command) {
        TaskSpec task = new TaskSpec().withContainerSpec(new ContainerSpec().withImage(docker.busyboxImage()).withCommand(command));
        if (network != null) {
            task.withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network).withAliases(List.of(alias))));
        }
        docker.client().createServiceCmd(new ServiceSpec().withName(name)
                        .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                        .withTaskTemplate(task)
                        .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)))
                .exec();
    }

    /** Waits until each service has a running task. */
    static void awaitRunning(DockerClient client, String... services) {
        for (String service : services) {
            await("a running task of " + service).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> client.listTasksCmd().withServiceFilter(service).exec().stream()
                            .anyMatch(t -> t.getStatus() != null && t.getStatus().getState() == TaskState.RUNNING));
        }
    }

    /**
     * A plain container running {@code command}, started on {@code network} with {@code alias} (null: on the default
     * bridge only); {@code start}: whether to start it.
     */
    static String container(PrivateDockerEngine docker, String name, String network, String alias, List<String> command,
                            boolean start) {
        DockerClient client = docker.client();
        String id = client.createContainerCmd(docker.busyboxImage()).withName(name).withCmd(command)
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig())
                .exec().getId();
        if (network != null) {
            ContainerNetwork endpoint = new ContainerNetwork();
            if (alias != null) {
                endpoint.withAliases(alias);
            }
            client.connectToNetworkCmd().withNetworkId(network).withContainerId(id).withContainerNetwork(endpoint).exec();
        }
        if (start) {
            client.startContainerCmd(id).exec();
        }
        return id;
    }

    /** A verify of {@code network} with the defaults and the test image as the probe, 5 s per hop. */
    static VerifyRequest request(String network, PlatformLayout layout, Set<Platform> platforms) {
        return new VerifyRequest(network, ModeChoice.AUTO, layout, platforms, false, PrivateDockerEngine.BUSYBOX_IMAGE,
                Duration.ofSeconds(5));
    }

    /** No probe container is left on the engine. */
    static void assertNoProbeLeft(DockerClient client) {
        assertThat(client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.ROLE, "probe")).exec())
                .as("probe containers left behind").isEmpty();
    }

    /** The rows as a table, for failure messages. */
    static String table(VerifyReport report) {
        StringBuilder out = new StringBuilder("\n");
        for (Check c : report.checks()) {
            out.append(String.format("%-10s %-34s %-7s %s%n", c.hop(), c.target(), c.status(), c.detail()));
        }
        return out.toString();
    }
}

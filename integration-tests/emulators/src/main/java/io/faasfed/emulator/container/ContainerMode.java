package io.faasfed.emulator.container;

import static java.util.Objects.requireNonNull;

import io.faasfed.network.DockerEndpoint;
import java.time.Duration;

/**
 * An emulator's container mode: where the Engine API is and how function containers are made and reached. Each
 * emulator reads the network its platform reads (OpenFaaS: the deploy request's {@code network}, else the network
 * labelled {@code openfaas=true}; OpenWhisk: {@code CONFIG_whisk_containerFactory_containerArgs_network}; Fn:
 * {@code FN_DOCKER_NETWORKS}) and passes it as {@code network}.
 *
 * @param docker the engine that runs the function containers
 * @param network the network functions join; null where the platform decides per function (OpenFaaS)
 * @param addressing how the emulator reaches its containers
 * @param owner the owner label value; null for the platform's name ({@code openfaas}, {@code openwhisk}, {@code fn})
 * @param startTimeout how long a new container may take until its watchdog answers
 */
public record ContainerMode(DockerEndpoint docker, String network, Addressing addressing, String owner,
        Duration startTimeout) {

    public ContainerMode {
        requireNonNull(docker, "docker");
        requireNonNull(addressing, "addressing");
        requireNonNull(startTimeout, "startTimeout");
        if (network != null && network.isBlank()) {
            network = null;
        }
    }

    /** Container mode on {@code docker}, functions on {@code network}, reached as {@code addressing} says. */
    public static ContainerMode of(DockerEndpoint docker, String network, Addressing addressing) {
        return new ContainerMode(docker, network, addressing, null, Duration.ofSeconds(60));
    }

    /** The settings for the emulator of {@code platform}, capping answers at {@code maxResponseBytes}. */
    public ContainerSettings settings(String platform, int maxResponseBytes) {
        return new ContainerSettings(owner != null ? owner : platform, network, addressing, startTimeout,
                maxResponseBytes);
    }
}

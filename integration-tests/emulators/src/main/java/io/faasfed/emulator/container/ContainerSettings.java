package io.faasfed.emulator.container;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How an emulator runs its functions as containers.
 *
 * @param owner the value of the {@value FunctionContainers#OWNER_LABEL} label on every container this emulator makes
 *     ({@code openfaas}, {@code openwhisk}, {@code fn}, or a test's own); at start and at close the emulator removes
 *     every container with its owner value, as Fn does with {@code FN_CONTAINER_LABEL_TAG}
 * @param network the network functions join; null where the platform decides per function (OpenFaaS: the deploy
 *     request's {@code network}, else the network labelled {@code openfaas=true})
 * @param addressing how the emulator reaches the containers
 * @param startTimeout how long a new container may take until its port answers
 * @param maxResponseBytes the largest answer read from a function
 */
public record ContainerSettings(String owner, String network, Addressing addressing, Duration startTimeout,
        int maxResponseBytes) {

    public ContainerSettings {
        requireNonNull(owner, "owner");
        if (!owner.matches("[a-z0-9][a-z0-9-]{0,30}")) {
            throw new IllegalArgumentException("owner: " + owner + " (expected: lower-case letters, digits, dashes)");
        }
        if (network != null && network.isBlank()) {
            network = null;
        }
        requireNonNull(addressing, "addressing");
        requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout: " + startTimeout + " (expected: > 0)");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes: " + maxResponseBytes + " (expected: > 0)");
        }
    }

    /** The same settings with {@code network}. */
    public ContainerSettings withNetwork(String network) {
        return new ContainerSettings(owner, network, addressing, startTimeout, maxResponseBytes);
    }
}

package io.faasfed.cli;

import io.faasfed.network.testing.PrivateDockerEngine;

/** The flow on an engine in no swarm: a bridge network, the same commands. */
class SingleHostNetworkFlowTest extends AbstractNetworkFlowTest {

    @Override
    PrivateDockerEngine prepare(PrivateDockerEngine engine) {
        return engine.singleHost();
    }

    @Override
    String mode() {
        return "single-host";
    }

    @Override
    String reason() {
        return "this engine is in no swarm: a bridge network on this host";
    }

    @Override
    String kind() {
        return "bridge network";
    }
}

package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.network.testing.PrivateDockerEngine;

/** The flow on a single-node Swarm manager: an attachable overlay network. */
class SwarmNetworkFlowTest extends AbstractNetworkFlowTest {

    @Override
    PrivateDockerEngine prepare(PrivateDockerEngine engine) {
        return engine.swarm();
    }

    @Override
    String mode() {
        return "swarm";
    }

    @Override
    String reason() {
        return "this engine is a Swarm manager (node ";
    }

    @Override
    String kind() {
        return "attachable overlay network";
    }

    /** The default network's plan, as a reader of the docs first sees it; plan creates nothing. */
    @Override
    void beforeApply() {
        Cli.Result plan = step("00-plan-default", "network", "plan");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Network:  faasnet does not exist yet", "+ create attachable overlay network faasnet");
        assertThat(docker.client().listNetworksCmd().withNameFilter("faasnet").exec()).isEmpty();
    }
}

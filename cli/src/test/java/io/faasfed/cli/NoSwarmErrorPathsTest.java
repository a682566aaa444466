package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmInfo;

import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * Swarm mode asked of a real engine in no swarm: refused with exit code 4 and the {@code docker swarm init} hint, or,
 * with {@code --init-swarm}, the engine made a single-node manager. The engine is left in no swarm after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoSwarmErrorPathsTest {

    private PrivateDockerEngine docker;
    private Map<String, String> env;

    @BeforeAll
    void engine() {
        docker = PrivateDockerEngine.shared();
        env = EngineFixture.env(docker);
        Captured.describeEngine(docker.host());
    }

    @BeforeEach
    void noSwarm() {
        docker.singleHost();
    }

    @AfterAll
    void leaveNoSwarm() {
        if (docker != null) {
            docker.singleHost();
        }
    }

    @Test
    void swarmModeOnAnEngineInNoSwarmIsNotASwarmManager() {
        Cli.Result run = step("error-not-a-swarm-manager", "network", "plan", "--mode", "swarm", "--network", "fft-noswarm");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("error: This Docker engine is not a Swarm manager (it is in no swarm).",
                "hint: Run 'docker swarm init --advertise-addr <this host's IP>' (or pass --init-swarm)",
                "--mode single-host");
        assertThat(run.out()).isEmpty();
        assertThat(swarm().getLocalNodeState()).isEqualTo(LocalNodeState.INACTIVE);
    }

    @Test
    void initSwarmMakesTheEngineASwarmManagerAndCreatesTheOverlay() {
        Cli.Result plan = step("init-swarm-plan", "network", "plan", "--mode", "swarm", "--init-swarm",
                "--advertise-addr", "127.0.0.1", "--network", "fft-init");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Mode:     swarm", "Why:      --mode swarm was given: this engine, in no swarm yet, becomes "
                        + "a single-node Swarm manager",
                "+ initialise a single-node swarm on this engine (docker swarm init --advertise-addr 127.0.0.1)",
                "+ create attachable overlay network fft-init");
        assertThat(swarm().getLocalNodeState()).as("plan changes nothing").isEqualTo(LocalNodeState.INACTIVE);

        Cli.Result apply = step("init-swarm-apply", "network", "apply", "--mode", "swarm", "--init-swarm",
                "--advertise-addr", "127.0.0.1", "--network", "fft-init");

        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Applied 2 changes:");
        assertThat(apply.err()).contains("this engine is now a Swarm manager");
        SwarmInfo swarm = swarm();
        assertThat(swarm.getLocalNodeState()).isEqualTo(LocalNodeState.ACTIVE);
        assertThat(swarm.getControlAvailable()).isTrue();
        assertThat(swarm.getNodeAddr()).isEqualTo("127.0.0.1");
        var network = docker.client().inspectNetworkCmd().withNetworkId("fft-init").exec();
        assertThat(network.getDriver()).isEqualTo("overlay");
        assertThat(network.isAttachable()).isTrue();
    }

    private SwarmInfo swarm() {
        return docker.client().infoCmd().exec().getSwarm();
    }

    private Cli.Result step(String step, String... args) {
        Cli.Result result = Cli.run(env, args);
        Captured.write("no-swarm-" + step, result);
        return result;
    }
}

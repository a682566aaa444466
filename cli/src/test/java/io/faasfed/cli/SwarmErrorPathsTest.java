package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Network;

import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * The network errors on a real Swarm manager, each produced by making the network by hand: not overlay, not
 * attachable, not faasfed's, a subnet that overlaps. Each ends with exit code 5 and a hint; the captures show them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwarmErrorPathsTest {

    private PrivateDockerEngine docker;
    private Map<String, String> env;

    @BeforeAll
    void swarm() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        env = EngineFixture.env(docker);
        Captured.describeEngine(docker.host());
    }

    @AfterEach
    void cleanUp() {
        docker.cleanUp();
    }

    @Test
    void aBridgeOfThatNameIsNotAnOverlay() {
        docker.client().createNetworkCmd().withName("fft-bridge").withDriver("bridge").exec();

        Cli.Result run = step("error-not-overlay", "network", "plan", "--network", "fft-bridge");

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("error: Network fft-bridge exists but is a bridge network (local scope); swarm mode "
                + "needs an attachable overlay.", "hint: Remove it ('docker network rm fft-bridge'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anOverlayThatIsNotAttachable() {
        docker.client().createNetworkCmd().withName("fft-noattach").withDriver("overlay").exec();

        Cli.Result run = step("error-not-attachable", "network", "apply", "--network", "fft-noattach");

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("error: Network fft-noattach exists but is not attachable",
                "hint: A network's attachable flag cannot be changed.");
        assertThat(docker.client().inspectNetworkCmd().withNetworkId("fft-noattach").exec().isAttachable()).isFalse();
    }

    @Test
    void anAttachableOverlayThatFaasfedDidNotMakeNeedsAdoptAndIsNeverRemoved() {
        docker.client().createNetworkCmd().withName("fft-foreign").withDriver("overlay").withAttachable(true).exec();

        Cli.Result refused = step("error-not-ours", "network", "apply", "--network", "fft-foreign");
        assertThat(refused.exitCode()).isEqualTo(5);
        assertThat(refused.err()).contains("error: Network fft-foreign exists but was not created by faasfed (it has no label "
                + "io.faasfed.managed-by=faasfed).", "hint: Pass --adopt");

        Cli.Result adopted = step("adopt", "network", "apply", "--network", "fft-foreign", "--adopt");
        assertThat(adopted.exitCode()).as(adopted.err()).isZero();
        assertThat(adopted.out()).contains("No changes.", "NOT made by faasfed",
                "Network fft-foreign was not created by faasfed; it is used as it is (--adopt)");

        Cli.Result destroy = step("error-destroy-not-ours", "network", "destroy", "--network", "fft-foreign");
        assertThat(destroy.exitCode()).isEqualTo(5);
        assertThat(destroy.err()).contains("was not created by faasfed, so faasfed will not remove it");
        assertThat(docker.client().listNetworksCmd().withNameFilter("fft-foreign").exec()).hasSize(1);
    }

    @Test
    void aSubnetThatOverlapsAnotherNetworksIsRefusedBeforeAnythingIsCreated() throws Exception {
        docker.client().createNetworkCmd().withName("fft-taken").withDriver("overlay").withAttachable(true)
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet("10.231.0.0/24"))).exec();

        Cli.Result run = step("error-subnet-overlap", "network", "apply", "--network", "fft-new", "--subnet", "10.231.0.0/16");

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("error: The subnet 10.231.0.0/16 overlaps 10.231.0.0/24 of network fft-taken",
                "hint: Pick a block that no network uses");
        assertThat(docker.client().listNetworksCmd().withNameFilter("fft-new").exec()).isEmpty();

        Cli.Result json = step("error-subnet-overlap-json", "network", "plan", "--network", "fft-new", "--subnet", "10.231.0.128/25",
                "--json", "--no-progress");
        assertThat(json.exitCode()).isEqualTo(5);
        JsonNode error = new ObjectMapper().readTree(json.out()).get("error");
        assertThat(error.get("problem").asText()).isEqualTo("SUBNET_OVERLAP");
        assertThat(error.get("exitCode").asInt()).isEqualTo(5);
        assertThat(error.get("message").asText()).contains("overlaps 10.231.0.0/24 of network fft-taken");
        assertThat(error.get("hint").asText()).isNotBlank();
    }

    private Cli.Result step(String step, String... args) {
        Cli.Result result = Cli.run(env, args);
        Captured.write("swarm-" + step, result);
        return result;
    }
}

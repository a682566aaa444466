package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.Labels;
import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * The "what it must show", through the command line on a real engine, the same in both modes: plan on a bare
 * engine says the mode and why and that it would create the network; apply creates it; apply again changes nothing;
 * two containers on it, one reaching the other by its alias over HTTP; verify prints its table; destroy refuses while
 * they are attached and names them; destroy --force says what it detached; nothing of faasfed's is left. Each
 * command's real output is written to {@code cli/target/captured/<mode>-<nn>-<step>.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractNetworkFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    PrivateDockerEngine docker;
    Map<String, String> env;

    /** Puts the engine in the mode under test. */
    abstract PrivateDockerEngine prepare(PrivateDockerEngine engine);

    /** {@code swarm} or {@code single-host}: the mode's label and the captures' prefix. */
    abstract String mode();

    /** What plan's reason says on this engine. */
    abstract String reason();

    /** The kind of network apply creates ({@code attachable overlay network}, {@code bridge network}). */
    abstract String kind();

    /** Anything more the mode's flow shows, before the network is created. */
    void beforeApply() {
    }

    String network() {
        return "fft-" + mode();
    }

    @BeforeAll
    void engine() {
        docker = prepare(PrivateDockerEngine.shared());
        docker.cleanUp();
        docker.busyboxImage();
        env = EngineFixture.env(docker);
        Captured.describeEngine(docker.host());
    }

    @AfterAll
    void cleanUp() {
        if (docker != null) {
            docker.cleanUp();
        }
    }

    @Test
    void planApplyApplyAgainReachByAliasVerifyAndDestroy() throws Exception {
        String network = network();
        String server = network + "-echo";
        String client = network + "-client";
        SoftAssertions pending = new SoftAssertions();

        beforeApply();

        Cli.Result plan = step("01-plan", "network", "plan", "--network", network);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Mode:     " + mode() + "\n", "Why:      " + reason(),
                "Network:  " + network + " does not exist yet", "+ create " + kind() + " " + network);
        assertThat(plan.err()).contains("ok Connecting to Docker at " + docker.host(), "ok Looking for network " + network);
        assertThat(docker.client().listNetworksCmd().withNameFilter(network).exec()).as("plan changes nothing").isEmpty();

        Cli.Result planJson = step("02-plan-json", "network", "plan", "--network", network, "--json");
        assertThat(planJson.exitCode()).isZero();
        JsonNode planned = JSON.readTree(planJson.out());
        assertThat(planned.get("mode").asText()).isEqualTo(mode());
        assertThat(planned.get("modeReason").asText()).startsWith(reason());
        assertThat(planned.get("existing").isNull()).isTrue();
        assertThat(planned.get("changes").get(0).get("action").asText()).isEqualTo("CREATE_NETWORK");

        Cli.Result apply = step("03-apply", "network", "apply", "--network", network);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Applied 1 change:", "+ create " + kind() + " " + network, "Network " + network + " (id ");
        var created = docker.client().inspectNetworkCmd().withNetworkId(network).exec();
        assertThat(created.getDriver()).isEqualTo(mode().equals("swarm") ? "overlay" : "bridge");
        assertThat(created.getLabels()).containsEntry("openfaas", "true").containsEntry(Labels.MANAGED_BY, Labels.FAASFED);
        if (mode().equals("swarm")) {
            assertThat(created.isAttachable()).isTrue();
        }

        Cli.Result again = step("04-apply-again", "network", "apply", "--network", network);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("No changes. Network " + network + " was already as asked.").doesNotContain("Applied");
        assertThat(again.err()).contains("as wanted: nothing to change");

        EngineFixture.startHttpServer(docker, network, server, "echo-service", "faasfed");
        String clientId = EngineFixture.startClient(docker, network, client, "http://echo-service:8080/healthz");
        String reached = EngineFixture.awaitClient(docker, clientId);
        Captured.write(mode() + "-05-containers", String.join("\n",
                "# Done by the test with docker-java; the docker CLI equivalent:",
                "$ docker run -d --name " + server + " --network " + network + " --network-alias echo-service "
                        + "--network-alias faasfed local/faasfed-busybox:1 sh -c 'mkdir -p /www && echo ok > /www/healthz "
                        + "&& exec httpd -f -p 8080 -h /www'",
                "$ docker run -d --name " + client + " --network " + network + " local/faasfed-busybox:1 sh -c "
                        + "'until wget -q -O - http://echo-service:8080/healthz; do sleep 1; done; echo REACHED ...; sleep 3600'",
                "$ docker logs " + client,
                reached.strip(), ""));
        assertThat(reached).contains("ok", "REACHED http://echo-service:8080/healthz");

        // Passes once NetworkVerifier is implemented (another branch); checked softly so the rest of the flow still runs.
        Cli.Result verify = step("06-verify-passed", "network", "verify", "--network", network, "--gateway-name", server,
                "--require-gateway", "--probe-image", docker.busyboxImage(), "--timeout", "10s");
        pending.assertThat(verify.exitCode()).as("verify exit code; stderr: " + verify.err()).isZero();
        pending.assertThat(verify.out()).contains("HOP", "TARGET", "STATUS", "DETAIL", "All checks passed on network " + network);

        Cli.Result failed = step("06-verify-failed", "network", "verify", "--network", network, "--platform", "fn",
                "--probe-image", docker.busyboxImage());
        pending.assertThat(failed.exitCode()).as("verify exit code; stderr: " + failed.err()).isEqualTo(8);
        pending.assertThat(failed.out()).contains("FAIL", "FAILED at hop ");
        pending.assertThat(failed.err()).contains("error: verify failed at hop ");

        Cli.Result refused = step("07-destroy-refused", "network", "destroy", "--network", network);
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(6);
        assertThat(refused.err()).contains("error: Network " + network + " is in use by ", "container " + server,
                "container " + client, "hint: ", "--force");
        assertThat(refused.out()).isEmpty();
        assertThat(docker.client().inspectNetworkCmd().withNetworkId(network).exec().getId()).isEqualTo(created.getId());

        Cli.Result forced = step("08-destroy-force", "network", "destroy", "--network", network, "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("Destroyed network " + network + ":",
                "~ detached container " + server + " from " + network,
                "~ detached container " + client + " from " + network,
                "- removed network " + network + " (id " + created.getId().substring(0, 12) + ")");
        // A Swarm-scoped network is removed from the swarm's store at once and from this node's list a moment later.
        long removedAt = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> docker.client().listNetworksCmd().withNameFilter(network).exec().isEmpty());
        System.out.printf("%s: network %s left the list %d ms after destroy returned%n", mode(), network,
                (System.nanoTime() - removedAt) / 1_000_000);
        assertThat(docker.client().inspectContainerCmd(server).exec().getNetworkSettings().getNetworks()).doesNotContainKey(network);

        Cli.Result gone = step("09-destroy-again", "network", "destroy", "--network", network, "--json");
        assertThat(gone.exitCode()).isZero();
        JsonNode nothing = JSON.readTree(gone.out());
        assertThat(nothing.get("changed").asBoolean()).isFalse();
        assertThat(nothing.get("notes").get(0).asText()).contains("There is no network called " + network);

        EngineFixture.assertNothingOfFaasfedsLeft(docker, mode().equals("swarm"));
        pending.assertAll();
    }

    Cli.Result step(String step, String... args) {
        Cli.Result result = Cli.run(env, args);
        Captured.write(mode() + "-" + step, result);
        return result;
    }
}

package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.github.dockerjava.api.model.HostConfig;

import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * {@code configure fn} through the command line on a real engine in no swarm: --plan shows what --apply changes on a
 * running "fnserver" container, --apply changes it (FN_DOCKER_NETWORKS, on the network), a second --apply changes
 * nothing. (Needs PlatformConfigurator's implementation, from the platform-configuration work.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleHostConfigureTest {

    private static final String NETWORK = "fft-configure";
    private static final String FN_SERVER = "fft-fnserver";

    private PrivateDockerEngine docker;
    private Map<String, String> env;

    @BeforeAll
    void engine() {
        docker = PrivateDockerEngine.shared().singleHost();
        docker.cleanUp();
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
    void planApplyAndApplyAgainOnARunningFnServer() {
        assertThat(Cli.run(env, "network", "apply", "--network", NETWORK, "--no-progress").exitCode()).isZero();
        String id = docker.client().createContainerCmd(docker.busyboxImage()).withName(FN_SERVER).withCmd("sleep", "3600")
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig()).exec().getId();
        docker.client().startContainerCmd(id).exec();

        Cli.Result plan = step("01-plan", "configure", "fn", "--plan", "--network", NETWORK, "--fn-server", FN_SERVER);
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Platform: fn (single-host)", FN_SERVER, "planned; add --apply");
        assertThat(env(FN_SERVER)).noneMatch(e -> e.startsWith("FN_DOCKER_NETWORKS="));

        Cli.Result apply = step("02-apply", "configure", "fn", "--apply", "--network", NETWORK, "--fn-server", FN_SERVER);
        assertThat(apply.exitCode()).as(apply.err()).isZero();
        assertThat(apply.out()).contains("Applied ");
        assertThat(env(FN_SERVER)).contains("FN_DOCKER_NETWORKS=" + NETWORK);
        assertThat(docker.client().inspectContainerCmd(FN_SERVER).exec().getNetworkSettings().getNetworks()).containsKey(NETWORK);

        Cli.Result again = step("03-apply-again", "configure", "fn", "--apply", "--network", NETWORK, "--fn-server", FN_SERVER);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("No changes. fn was already configured for network " + NETWORK);
    }

    private java.util.List<String> env(String container) {
        String[] env = docker.client().inspectContainerCmd(container).exec().getConfig().getEnv();
        return env == null ? java.util.List.of() : Arrays.asList(env);
    }

    private Cli.Result step(String step, String... args) {
        Cli.Result result = Cli.run(env, args);
        Captured.write("single-host-configure-fn-" + step, result);
        return result;
    }
}

package io.faasfed.network.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;

import io.faasfed.network.Engine;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeChoice;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSetup;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.PlatformChange.Action;
import io.faasfed.network.testing.PrivateDockerEngine;
import reactor.blockhound.BlockHound;

/**
 * {@code configure} on a real engine in no swarm: platform containers from the busybox image re-created with their
 * settings and joined to a bridge network, everything else they were created with kept; a failed re-create rolled back.
 */
class SingleHostPlatformConfigureTest {

    private static final String NETWORK = "fft-host";
    private static final String SIDE = "fft-side";
    private static final Duration APPLY = Duration.ofMinutes(2);
    private static final PlatformLayout LAYOUT = PlatformLayout.defaults();

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static Path data;

    @BeforeAll
    static void plainEngineWithTheNetwork() throws IOException {
        BlockHound.install();
        docker = PrivateDockerEngine.shared().singleHost();
        engine = Engine.connect(docker.endpoint());
        new NetworkSetup(engine).apply(NetworkRequest.of(NetworkSpec.named(NETWORK)), Progress.SILENT).block(Duration.ofMinutes(1));
        docker.client().createNetworkCmd().withName(SIDE).withDriver("bridge")
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true")).exec();
        docker.busyboxImage();
        data = Files.createTempDirectory("fft-data-");
        Files.writeString(data.resolve("hello.txt"), "kept\n");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (engine != null) {
            engine.close();
            docker.cleanUp();
        }
        if (data != null) {
            try (var files = Files.list(data)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(data);
        }
    }

    /** A running container answering HTTP on 8080 ({@code /etc} served) on {@code network}, with {@code alias} there. */
    private static String container(String name, String network, String alias, List<String> env, HostConfig host) {
        var create = docker.client().createContainerCmd(PrivateDockerEngine.BUSYBOX_IMAGE).withName(name)
                .withCmd("httpd", "-f", "-p", "8080", "-h", "/etc")
                .withEnv(env)
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true", "keep", "me"))
                .withExposedPorts(ExposedPort.tcp(8080))
                .withWorkingDir("/etc")
                .withUser("65534")
                // httpd as pid 1 ignores SIGTERM: without this each stop waits 10 s.
                .withStopTimeout(1)
                .withStopSignal("SIGUSR1")
                .withHostConfig(host.withNetworkMode(network));
        if (alias != null) {
            create.withAliases(alias);
        }
        var created = create.exec();
        docker.client().startContainerCmd(created.getId()).exec();
        return created.getId();
    }

    private static InspectContainerResponse inspect(String name) {
        return docker.client().inspectContainerCmd(name).exec();
    }

    private static List<String> env(String name) {
        String[] env = inspect(name).getConfig().getEnv();
        return env == null ? List.of() : List.of(env);
    }

    private static boolean exists(String name) {
        try {
            docker.client().inspectContainerCmd(name).exec();
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }

    @Test
    void fnserverIsRecreatedWithItsSettingAndTheNetworkKeepingEverythingElse() {
        String oldId = container("fft-fnserver-1", SIDE, "fnside", List.of("FOO=bar"), HostConfig.newHostConfig()
                .withBinds(new Bind(data.toString(), new Volume("/data"), AccessMode.ro))
                .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(8080)))
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart()));
        PlatformConfigurator configurator = new PlatformConfigurator(engine);

        PlatformPlan plan = configurator.plan(Platform.FN, LAYOUT, NETWORK, ModeChoice.AUTO, Progress.SILENT).block(APPLY);
        assertThat(plan.mode()).isEqualTo(Mode.SINGLE_HOST);
        assertThat(plan.changes()).extracting(PlatformChange::action).containsExactly(Action.RECREATE);
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("No faasfed gateway found (looked for a container called 'faasfed'"));

        RecordingProgress progress = new RecordingProgress();
        configurator.apply(Platform.FN, LAYOUT, NETWORK, ModeChoice.AUTO, progress).block(APPLY);

        InspectContainerResponse now = inspect("fft-fnserver-1");
        assertThat(now.getId()).isNotEqualTo(oldId);
        assertThat(exists(oldId)).as("the old container is removed").isFalse();
        assertThat(exists("fft-fnserver-1" + Target.OLD_SUFFIX)).isFalse();
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(now.getConfig().getEnv()).contains("FOO=bar", "FN_DOCKER_NETWORKS=" + NETWORK);
        assertThat(now.getConfig().getLabels()).containsEntry("keep", "me");
        assertThat(now.getConfig().getCmd()).containsExactly("httpd", "-f", "-p", "8080", "-h", "/etc");
        assertThat(now.getConfig().getWorkingDir()).isEqualTo("/etc");
        assertThat(now.getConfig().getUser()).isEqualTo("65534");
        assertThat(now.getRawValues().get("Config")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("StopTimeout", 1).containsEntry("StopSignal", "SIGUSR1");
        assertThat(now.getHostConfig().getBinds()).extracting(Bind::toString).containsExactly(data + ":/data:ro");
        assertThat(now.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8080)))
                .extracting(Ports.Binding::getHostIp).containsExactly("127.0.0.1");
        assertThat(now.getHostConfig().getRestartPolicy()).isEqualTo(RestartPolicy.unlessStoppedRestart());
        assertThat(now.getHostConfig().getNetworkMode()).isEqualTo(SIDE);
        Map<String, ContainerNetwork> networks = now.getNetworkSettings().getNetworks();
        assertThat(networks).containsOnlyKeys(SIDE, NETWORK);
        assertThat(networks.get(SIDE).getAliases()).contains("fnside").doesNotContain(oldId.substring(0, 12));
        assertThat(networks.get(NETWORK).getAliases()).contains("fnserver");
        assertThat(progress.lines()).containsSubsequence(
                "Renaming container fft-fnserver-1 to fft-fnserver-1-faasfed-old -> ok: renamed",
                "Connecting the new fft-fnserver-1 to " + NETWORK + " -> ok: connected",
                "Stopping the old container -> ok: stopped",
                "Starting the new fft-fnserver-1 -> ok: running",
                "Removing the old container fft-fnserver-1-faasfed-old -> ok: removed");

        PrivateDockerEngine.Run call = docker.runToCompletion(NETWORK, "fft-probe-host", List.of("sh", "-c",
                "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://fnserver:8080/passwd && exit 0; sleep 1; done; exit 1"),
                Duration.ofMinutes(1));
        assertThat(call.output()).as("the new fnserver answers by its alias on the network").contains("root:x:0:0");

        PlatformPlan again = configurator.plan(Platform.FN, LAYOUT, NETWORK, ModeChoice.AUTO, Progress.SILENT).block(APPLY);
        assertThat(again.upToDate()).isTrue();
    }

    @Test
    void aReCreateThatFailsIsRolledBackAndTheOriginalRunsAsBefore() {
        String oldId = container("fft-rollback", "bridge", null, List.of("FOO=bar"), HostConfig.newHostConfig());
        PlatformLayout layout = LAYOUT.with(LAYOUT.component("fnserver").named("fft-rollback"));
        // The new container gets an entrypoint that does not exist, so starting it fails for real.
        PlatformConfigurator breaking = new PlatformConfigurator(engine, cmd -> cmd.withEntrypoint("/no/such/entrypoint"));
        RecordingProgress progress = new RecordingProgress();

        assertThatThrownBy(() -> breaking.apply(Platform.FN, layout, NETWORK, ModeChoice.AUTO, progress).block(APPLY))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.ENGINE_ERROR);
                    assertThat(e.getMessage()).startsWith("Re-creating container fft-rollback with FN_DOCKER_NETWORKS="
                            + NETWORK + " failed while starting the new fft-rollback: ")
                            .contains("/no/such/entrypoint")
                            .endsWith("Rolled back (removed the new container, renamed the old one back to fft-rollback, "
                                    + "started it again): fft-rollback is as it was.");
                    assertThat(e.hint()).isEqualTo("Fix the cause above and run configure again.");
                });

        InspectContainerResponse now = inspect("fft-rollback");
        assertThat(now.getId()).isEqualTo(oldId);
        assertThat(now.getState().getRunning()).isTrue();
        assertThat(env("fft-rollback")).contains("FOO=bar").noneMatch(e -> e.startsWith("FN_DOCKER_NETWORKS="));
        assertThat(exists("fft-rollback" + Target.OLD_SUFFIX)).isFalse();
        assertThat(docker.client().listContainersCmd().withShowAll(true).exec())
                .noneMatch(c -> Arrays.asList(c.getNames()).contains("/fft-rollback") && !c.getId().equals(oldId));
        assertThat(progress.lines()).anyMatch(l -> l.startsWith("Starting the new fft-rollback -> failed: "))
                .contains("Rolling back: removing the new fft-rollback -> ok: done",
                        "Rolling back: renaming fft-rollback-faasfed-old back to fft-rollback -> ok: done",
                        "Rolling back: starting fft-rollback again -> ok: done");
    }

    @Test
    void containersWithTheRightSettingsAreOnlyConnectedOrGivenTheirAliasAndThenNothingIsLeft() {
        container("fft-controller", "bridge", null, List.of(), HostConfig.newHostConfig());
        // On the network already, with the right setting, but without the name others call it by.
        container("fft-invoker", NETWORK, null, List.of("CONFIG_whisk_containerFactory_containerArgs_network=" + NETWORK),
                HostConfig.newHostConfig());
        PlatformLayout layout = LAYOUT.with(LAYOUT.component("controller").named("fft-controller"))
                .with(LAYOUT.component("invoker").named("fft-invoker"));
        PlatformConfigurator configurator = new PlatformConfigurator(engine);

        PlatformPlan plan = configurator.apply(Platform.OPENWHISK, layout, NETWORK, ModeChoice.SINGLE_HOST, Progress.SILENT)
                .block(APPLY);

        assertThat(plan.changes()).extracting(PlatformChange::description).containsExactly(
                "connect container fft-controller to " + NETWORK + " as controller",
                "reconnect container fft-invoker to " + NETWORK + " with the alias invoker");
        assertThat(inspect("fft-controller").getNetworkSettings().getNetworks().get(NETWORK).getAliases()).contains("controller");
        assertThat(inspect("fft-invoker").getNetworkSettings().getNetworks().get(NETWORK).getAliases()).contains("invoker");
        assertThat(inspect("fft-invoker").getState().getRunning()).isTrue();
        assertThat(configurator.plan(Platform.OPENWHISK, layout, NETWORK, ModeChoice.SINGLE_HOST, Progress.SILENT).block(APPLY)
                .upToDate()).isTrue();
    }

    @Test
    void aLeftoverFromAnInterruptedReCreateStopsApplyBeforeAnythingChanges() {
        String id = container("fft-blocked", "bridge", null, List.of(), HostConfig.newHostConfig());
        docker.client().createContainerCmd(PrivateDockerEngine.BUSYBOX_IMAGE).withName("fft-blocked" + Target.OLD_SUFFIX)
                .withCmd("true").withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true")).exec();
        PlatformLayout layout = LAYOUT.with(LAYOUT.component("fnserver").named("fft-blocked"));

        assertThatThrownBy(() -> new PlatformConfigurator(engine).apply(Platform.FN, layout, NETWORK, ModeChoice.AUTO,
                Progress.SILENT).block(APPLY))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.PLATFORM_CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("configure fn changed nothing: A container called "
                            + "fft-blocked-faasfed-old exists, left by an interrupted re-create of fft-blocked: check it, "
                            + "remove it ('docker rm fft-blocked-faasfed-old') or rename it back, and apply again.");
                });
        assertThat(inspect("fft-blocked").getId()).isEqualTo(id);
        assertThat(env("fft-blocked")).noneMatch(e -> e.startsWith("FN_DOCKER_NETWORKS="));
    }

    @Test
    void openFaasWithoutAGatewayOnAPlainEngineExplainsThatThereIsNoProviderForIt() {
        assertThatThrownBy(() -> new PlatformConfigurator(engine).plan(Platform.OPENFAAS, LAYOUT, NETWORK, ModeChoice.AUTO,
                Progress.SILENT).block(APPLY))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.PLATFORM_NOT_FOUND);
                    assertThat(e.getMessage()).startsWith("Not found on this engine: the OpenFaaS gateway (a container called "
                            + "'gateway',");
                    assertThat(e.hint()).contains("--openfaas-gateway <name>").contains("OpenFaaS has no provider for plain Docker");
                });
    }
}

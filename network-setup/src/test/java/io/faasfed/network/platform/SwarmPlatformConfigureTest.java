package io.faasfed.network.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.api.model.UpdateConfig;
import com.github.dockerjava.api.model.UpdateOrder;

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
 * {@code configure} on a real single-node swarm: fake platform services from the busybox image, named as a stack
 * {@code fft} would name them, joined to the shared network and given their settings, then nothing left to do.
 */
class SwarmPlatformConfigureTest {

    private static final String NETWORK = "fft-cfg";
    private static final Duration APPLY = Duration.ofMinutes(4);
    private static final PlatformLayout LAYOUT = PlatformLayout.defaults();

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static PlatformConfigurator configurator;
    private static String networkId;

    @BeforeAll
    static void swarmWithPlatformServices() {
        BlockHound.install();
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
        configurator = new PlatformConfigurator(engine);
        new NetworkSetup(engine).apply(NetworkRequest.of(NetworkSpec.named(NETWORK)), Progress.SILENT).block(Duration.ofMinutes(1));
        networkId = engine.networksNamed(NETWORK).blockFirst().id();
        docker.busyboxImage();
        fnserverWithFieldsDockerJavaDoesNotModel();
        service("fft_controller", List.of(), true);
        service("fft_invoker", List.of("CONFIG_whisk_containerFactory_containerArgs_network=bridge"), false);
        service("fft_gateway", List.of(), false);
        service("fft_faas-swarm", List.of(), false);
        service("fft_faasfed", List.of(), true);
    }

    /** A service as a stack would name it, answering HTTP on 8080; on the network (alias: its short name) if asked. */
    private static void service(String name, List<String> env, boolean onNetwork) {
        String shortName = name.substring(name.indexOf('_') + 1);
        TaskSpec task = new TaskSpec().withContainerSpec(new ContainerSpec().withImage(PrivateDockerEngine.BUSYBOX_IMAGE)
                .withCommand(List.of("httpd", "-f", "-p", "8080", "-h", "/etc")).withEnv(env)
                // httpd as pid 1 ignores SIGTERM: a short grace keeps each rolling update quick.
                .withStopGracePeriod(Duration.ofSeconds(1).toNanos()));
        if (onNetwork) {
            task.withNetworks(List.of(new NetworkAttachmentConfig().withTarget(NETWORK).withAliases(List.of(shortName))));
        }
        docker.client().createServiceCmd(new ServiceSpec().withName(name)
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true", Target.STACK_LABEL, "fft"))
                .withTaskTemplate(task)
                // The new task starts before the old one stops: each rolling update takes a few seconds less.
                .withUpdateConfig(new UpdateConfig().withOrder(UpdateOrder.START_FIRST))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR))).exec();
    }

    /**
     * fft_fnserver, made with the docker CLI so that its spec has fields docker-java's model lacks (a sysctl, an added
     * capability, a ulimit): configure must not drop them.
     */
    private static void fnserverWithFieldsDockerJavaDoesNotModel() {
        try {
            Process cli = new ProcessBuilder(PrivateDockerEngine.dockerCli(), "-H", docker.host(), "service", "create",
                    "--detach", "--quiet", "--name", "fft_fnserver", "--no-resolve-image", "--endpoint-mode", "dnsrr",
                    "--label", PrivateDockerEngine.TEST_LABEL + "=true", "--label", Target.STACK_LABEL + "=fft",
                    "--stop-grace-period", "1s", "--update-order", "start-first",
                    "--env", "FN_DOCKER_NETWORKS=fft-a fft-b", "--env", "FN_LOG_LEVEL=info",
                    "--sysctl", "net.core.somaxconn=1024", "--cap-add", "CAP_NET_ADMIN", "--ulimit", "nofile=1024:2048",
                    PrivateDockerEngine.BUSYBOX_IMAGE, "httpd", "-f", "-p", "8080", "-h", "/etc")
                    .redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(cli.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            assertThat(cli.exitValue()).as(out).isZero();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The container spec as the engine has it, fields docker-java does not model included. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> rawContainerSpec(String service) {
        Map<String, Object> spec = (Map<String, Object>) docker.client().inspectServiceCmd(service).exec().getRawValues().get("Spec");
        return (Map<String, Object>) ((Map<String, Object>) spec.get("TaskTemplate")).get("ContainerSpec");
    }

    @AfterAll
    static void cleanUp() {
        if (engine != null) {
            engine.close();
            docker.cleanUp();
        }
    }

    private static ServiceSpec spec(String name) {
        return docker.client().inspectServiceCmd(name).exec().getSpec();
    }

    private static List<String> env(ServiceSpec spec) {
        return spec.getTaskTemplate().getContainerSpec().getEnv();
    }

    private static void assertOnNetworkAs(ServiceSpec spec, String alias) {
        assertThat(spec.getTaskTemplate().getNetworks()).as("networks of " + spec.getName())
                .anySatisfy(n -> {
                    assertThat(n.getTarget()).isEqualTo(networkId);
                    assertThat(n.getAliases()).contains(alias);
                });
    }

    private static List<Action> actionsOn(PlatformPlan plan, String role) {
        return plan.changes().stream().filter(c -> c.role().equals(role)).map(PlatformChange::action).toList();
    }

    @Test
    void fnserverJoinsTheNetworkUnderItsNameWithExactlyThisNetworkAndASecondApplyHasNothingToDo() {
        PlatformPlan plan = configurator.plan(Platform.FN, LAYOUT, NETWORK, ModeChoice.AUTO, Progress.SILENT)
                .block(Duration.ofMinutes(1));

        assertThat(plan.mode()).isEqualTo(Mode.SWARM);
        assertThat(actionsOn(plan, "fnserver")).containsExactly(Action.ATTACH, Action.SET_ENV);
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("FN_DOCKER_NETWORKS on service fft_fnserver listed several "
                + "networks ('fft-a fft-b')"));
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("Service fft_fnserver belongs to stack fft"));
        assertThat(env(spec("fft_fnserver"))).as("plan changes nothing").contains("FN_DOCKER_NETWORKS=fft-a fft-b");

        RecordingProgress progress = new RecordingProgress();
        configurator.apply(Platform.FN, LAYOUT, NETWORK, ModeChoice.AUTO, progress).block(APPLY);

        ServiceSpec fnserver = spec("fft_fnserver");
        assertOnNetworkAs(fnserver, "fnserver");
        assertThat(env(fnserver)).containsExactly("FN_DOCKER_NETWORKS=" + NETWORK, "FN_LOG_LEVEL=info");
        assertThat(rawContainerSpec("fft_fnserver")).as("fields docker-java does not model are kept")
                .containsEntry("Sysctls", Map.of("net.core.somaxconn", "1024"))
                .containsEntry("CapabilityAdd", List.of("CAP_NET_ADMIN"))
                .containsKey("Ulimits");
        assertThat(progress.lines()).contains(
                "Updating service fft_fnserver: attach to " + NETWORK + " as fnserver, set FN_DOCKER_NETWORKS=" + NETWORK
                        + " -> ok: updated; Swarm replaces its tasks",
                "Waiting for service fft_fnserver's tasks to run with the new settings -> ok: 1 of 1 task running with "
                        + "the new settings");
        assertThat(docker.client().listTasksCmd().withServiceFilter(fnserver.getName()).exec())
                .as("apply waited for the new task").anySatisfy(t -> {
                    assertThat(t.getStatus().getState()).isEqualTo(TaskState.RUNNING);
                    assertThat(t.getSpec().getContainerSpec().getEnv()).contains("FN_DOCKER_NETWORKS=" + NETWORK);
                });
        PrivateDockerEngine.Run lookup = docker.runToCompletion(NETWORK, "fft-probe-fn", List.of("sh", "-c",
                "for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://fnserver:8080/passwd && exit 0; sleep 1; done; exit 1"),
                Duration.ofMinutes(1));
        assertThat(lookup.output()).as("fnserver answers by its alias on the network").contains("root:x:0:0");

        PlatformPlan again = configurator.plan(Platform.FN, LAYOUT, NETWORK, ModeChoice.AUTO, Progress.SILENT)
                .block(Duration.ofMinutes(1));
        assertThat(again.changes()).isEmpty();
        assertThat(again.upToDate()).isTrue();
    }

    @Test
    void theInvokerGetsTheContainerNetworkAndJoinsWhileTheAttachedControllerIsLeftAlone() {
        PlatformPlan plan = configurator.plan(Platform.OPENWHISK, LAYOUT, NETWORK, ModeChoice.SWARM, Progress.SILENT)
                .block(Duration.ofMinutes(1));

        assertThat(actionsOn(plan, "controller")).isEmpty();
        assertThat(actionsOn(plan, "invoker")).containsExactly(Action.ATTACH, Action.SET_ENV);
        assertThat(plan.notes()).contains("CONFIG_whisk_containerFactory_containerArgs_network on service fft_invoker was "
                + "'bridge': configure replaces it with '" + NETWORK + "'.");

        configurator.apply(Platform.OPENWHISK, LAYOUT, NETWORK, ModeChoice.SWARM, new RecordingProgress()).block(APPLY);

        ServiceSpec invoker = spec("fft_invoker");
        assertOnNetworkAs(invoker, "invoker");
        assertThat(env(invoker)).containsExactly("CONFIG_whisk_containerFactory_containerArgs_network=" + NETWORK);
        PlatformPlan again = configurator.apply(Platform.OPENWHISK, LAYOUT, NETWORK, ModeChoice.SWARM, Progress.SILENT)
                .block(APPLY);
        assertThat(again.upToDate()).isTrue();
    }

    @Test
    void openFaasGatewayAndProviderJoinAndTheFaasfedGatewayGetsTheAdaptersNetwork() {
        configurator.apply(Platform.OPENFAAS, LAYOUT, NETWORK, ModeChoice.AUTO, Progress.SILENT).block(APPLY);

        assertOnNetworkAs(spec("fft_gateway"), "gateway");
        assertOnNetworkAs(spec("fft_faas-swarm"), "faas-swarm");
        ServiceSpec faasfed = spec("fft_faasfed");
        assertOnNetworkAs(faasfed, "faasfed");
        assertThat(env(faasfed)).containsExactly("FAASFED_PLATFORMS_OPENFAAS_NETWORK=" + NETWORK);
        PlatformPlan again = configurator.plan(Platform.OPENFAAS, LAYOUT, NETWORK, ModeChoice.AUTO, Progress.SILENT)
                .block(Duration.ofMinutes(1));
        assertThat(again.upToDate()).isTrue();
        assertThat(again.found()).extracting(Located::name).containsExactly("fft_gateway", "fft_faas-swarm", "fft_faasfed");
    }

    @Test
    void aComponentThatIsNotThereIsNamedWithTheFlagThatNamesIt() {
        PlatformLayout layout = LAYOUT.with(LAYOUT.component("fnserver").named("fft-nope"));

        assertThatThrownBy(() -> configurator.plan(Platform.FN, layout, NETWORK, ModeChoice.AUTO, Progress.SILENT)
                .block(Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.PLATFORM_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Not found on this engine: the Fn server (a service or container "
                            + "called 'fft-nope', '<stack>_fft-nope', '<project>-fft-nope-<n>' or '<project>_fft-nope_<n>').");
                    assertThat(e.hint()).isEqualTo("Start it, or name its service or container with --fn-server <name>.");
                });
    }

    @Test
    void aNetworkThatIsNotThereSaysToCreateIt() {
        RecordingProgress progress = new RecordingProgress();

        assertThatThrownBy(() -> configurator.plan(Platform.FN, LAYOUT, "fft-absent", ModeChoice.AUTO, progress)
                .block(Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_MISSING);
                    assertThat(e.getMessage()).isEqualTo("There is no network called fft-absent on this engine.");
                    assertThat(e.hint()).isEqualTo("Create it first: run 'faasfed network apply --network fft-absent', "
                            + "then configure again.");
                });
        assertThat(progress.lines()).contains("Looking for network fft-absent -> ok: not found");
    }
}

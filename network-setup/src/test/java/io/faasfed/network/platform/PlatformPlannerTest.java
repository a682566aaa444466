package io.faasfed.network.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.faasfed.network.ExistingNetwork;
import io.faasfed.network.Mode;
import io.faasfed.network.ModeDetection;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.platform.PlatformChange.Action;

class PlatformPlannerTest {

    private static final PlatformLayout LAYOUT = PlatformLayout.defaults();
    private static final ModeDetection SWARM = new ModeDetection(Mode.SWARM, "this engine is a Swarm manager", false);
    private static final ModeDetection SINGLE = new ModeDetection(Mode.SINGLE_HOST, "this engine is in no swarm", false);
    private static final ExistingNetwork OVERLAY = new ExistingNetwork("net1d", "faasnet", "overlay", "swarm", true, Map.of(),
            Map.of(), List.of(), List.of());
    private static final ExistingNetwork BRIDGE = new ExistingNetwork("net2d", "faasnet", "bridge", "local", false, Map.of(),
            Map.of(), List.of(), List.of());

    private static Located service(String role, String name, List<String> networks, Map<String, String> env) {
        return new Located(LAYOUT.component(role), Located.Kind.SERVICE, "svc-" + name, name, true, networks, env);
    }

    private static Located container(String role, String name, List<String> networks, Map<String, String> env) {
        return new Located(LAYOUT.component(role), Located.Kind.CONTAINER, "c0ffee" + name.hashCode(), name, true, networks, env);
    }

    private static Target serviceTarget(Located located, List<String> aliases) {
        return Target.service(located, aliases, Map.of(), true);
    }

    private static Target containerTarget(Located located, List<String> aliases) {
        return new Target(located, aliases, Map.of(), "bridge", false, false, true);
    }

    private static PlatformPlanner.Planned plan(Platform platform, ModeDetection mode, ExistingNetwork network,
                                                Map<String, Target> found) {
        return PlatformPlanner.plan(platform, mode, network, Wanted.of(platform, LAYOUT, network.name(), mode.mode()), found);
    }

    @Test
    void aFnServiceOffTheNetworkIsAttachedWithItsDnsNameAndGetsFnDockerNetworks() {
        Target fn = serviceTarget(service("fnserver", "fn_fnserver", List.of("fn_default"), Map.of("FN_LOG_LEVEL", "info")),
                List.of());

        PlatformPlanner.Planned planned = plan(Platform.FN, SWARM, OVERLAY, Map.of("fnserver", fn));

        assertThat(planned.plan().changes()).extracting(PlatformChange::action).containsExactly(Action.ATTACH, Action.SET_ENV);
        assertThat(planned.plan().changes()).extracting(PlatformChange::description).containsExactly(
                "attach service fn_fnserver to faasnet as fnserver",
                "set FN_DOCKER_NETWORKS=faasnet on service fn_fnserver");
        PlatformPlanner.Work work = planned.work().get(0);
        assertThat(work.attach()).isTrue();
        assertThat(work.env()).containsExactly(Map.entry("FN_DOCKER_NETWORKS", "faasnet"));
        assertThat(planned.plan().notes().get(0)).isEqualTo("Mode swarm: this engine is a Swarm manager.");
        assertThat(planned.plan().notes()).anyMatch(n -> n.startsWith("Other platforms reach Fn functions only through fnserver"))
                .anyMatch(n -> n.startsWith("No faasfed gateway found (looked for a service or container called 'faasfed'"))
                .anyMatch(n -> n.startsWith("Swarm replaces the tasks of each service configure changes"));
        assertThat(planned.blockers()).isEmpty();
    }

    @Test
    void aConfiguredPlatformIsUpToDate() {
        Target fn = serviceTarget(service("fnserver", "fn_fnserver", List.of("net1d"), Map.of("FN_DOCKER_NETWORKS", "faasnet")),
                List.of("fnserver"));
        Target gateway = serviceTarget(service(PlatformLayout.FAASFED_GATEWAY, "faasfed", List.of("faasnet"), Map.of()),
                List.of());

        PlatformPlanner.Planned planned = plan(Platform.FN, SWARM, OVERLAY, Map.of("fnserver", fn,
                PlatformLayout.FAASFED_GATEWAY, gateway));

        assertThat(planned.plan().upToDate()).isTrue();
        assertThat(planned.work()).isEmpty();
        assertThat(planned.plan().found()).extracting(Located::name).containsExactly("fn_fnserver", "faasfed");
    }

    @Test
    void aServiceOnTheNetworkWithoutItsDnsNameGetsTheAlias() {
        Target fn = serviceTarget(service("fnserver", "fn_fnserver", List.of("net1d"), Map.of("FN_DOCKER_NETWORKS", "faasnet")),
                List.of("something-else"));

        PlatformPlanner.Planned planned = plan(Platform.FN, SWARM, OVERLAY, Map.of("fnserver", fn));

        assertThat(planned.plan().changes()).extracting(PlatformChange::description)
                .containsExactly("add the alias fnserver to service fn_fnserver on faasnet");
        assertThat(planned.work().get(0).addAlias()).isTrue();
        assertThat(planned.work().get(0).attach()).isFalse();
    }

    @Test
    void severalFnNetworksAreReplacedByTheOneAndTheNoteSaysWhy() {
        Target fn = serviceTarget(service("fnserver", "fnserver", List.of("net1d"), Map.of("FN_DOCKER_NETWORKS", "faasnet other",
                "FN_NETWORK", "faasnet")), List.of());

        PlatformPlanner.Planned planned = plan(Platform.FN, SWARM, OVERLAY, Map.of("fnserver", fn));

        assertThat(planned.plan().changes()).extracting(PlatformChange::action).containsExactly(Action.SET_ENV);
        assertThat(planned.plan().notes()).contains(
                "FN_DOCKER_NETWORKS on service fnserver listed several networks ('faasnet other'): Fn gives each function "
                        + "container one of them (whichever has the fewest), so configure sets it to faasnet alone.",
                "service fnserver sets FN_NETWORK='faasnet', the variable of the 2018 patched Fn build: upstream fnserver "
                        + "ignores it and reads FN_DOCKER_NETWORKS, which configure sets.");
    }

    @Test
    void aContainerWhoseEnvironmentMustChangeIsRecreatedInOneChangeThatAlsoAttachesIt() {
        Target fn = containerTarget(container("fnserver", "fn-fnserver-1", List.of("bridge"), Map.of()), List.of());

        PlatformPlanner.Planned planned = plan(Platform.FN, SINGLE, BRIDGE, Map.of("fnserver", fn));

        assertThat(planned.plan().changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.RECREATE);
            assertThat(change.target()).isEqualTo("fn-fnserver-1");
            assertThat(change.description()).startsWith(
                    "re-create container fn-fnserver-1 with FN_DOCKER_NETWORKS=faasnet, on faasnet as fnserver, keeping everything");
        });
        assertThat(planned.work().get(0).recreate()).isTrue();
        assertThat(planned.plan().notes().get(0)).isEqualTo("Mode single-host: this engine is in no swarm.");
    }

    @Test
    void aContainerOffTheNetworkWithTheRightEnvironmentIsOnlyConnected() {
        Target controller = containerTarget(container("controller", "controller", List.of("bridge"), Map.of()), List.of());
        Target invoker = containerTarget(container("invoker", "invoker", List.of("faasnet"),
                Map.of("CONFIG_whisk_containerFactory_containerArgs_network", "faasnet")), List.of());

        PlatformPlanner.Planned planned = plan(Platform.OPENWHISK, SINGLE, BRIDGE, Map.of("controller", controller,
                "invoker", invoker));

        assertThat(planned.plan().changes()).extracting(PlatformChange::description)
                .containsExactly("connect container controller to faasnet as controller");
    }

    @Test
    void anInvokerWithAnotherNetworkSaysWhatItReplaces() {
        Target controller = containerTarget(container("controller", "controller", List.of("faasnet"), Map.of()), List.of());
        Target invoker = containerTarget(container("invoker", "invoker", List.of("faasnet"),
                Map.of("CONFIG_whisk_containerFactory_containerArgs_network", "openwhisk_default")), List.of());

        PlatformPlanner.Planned planned = plan(Platform.OPENWHISK, SINGLE, BRIDGE, Map.of("controller", controller,
                "invoker", invoker));

        assertThat(planned.plan().changes()).extracting(PlatformChange::action).containsExactly(Action.RECREATE);
        assertThat(planned.plan().notes()).contains("CONFIG_whisk_containerFactory_containerArgs_network on container "
                + "invoker was 'openwhisk_default': configure replaces it with 'faasnet'.");
    }

    @Test
    void openFaasOnSwarmAttachesGatewayAndProviderAndSetsTheFaasfedGatewaysNetwork() {
        Target gateway = serviceTarget(service("gateway", "func_gateway", List.of("func_functions"), Map.of()), List.of());
        Target provider = serviceTarget(service("faas-swarm", "func_faas-swarm", List.of("func_functions"), Map.of()), List.of());
        Target faasfed = serviceTarget(service(PlatformLayout.FAASFED_GATEWAY, "faasfed", List.of("net1d"), Map.of()),
                List.of("faasfed"));

        PlatformPlanner.Planned planned = plan(Platform.OPENFAAS, SWARM, OVERLAY, Map.of("gateway", gateway,
                "faas-swarm", provider, PlatformLayout.FAASFED_GATEWAY, faasfed));

        assertThat(planned.plan().changes()).extracting(PlatformChange::description).containsExactly(
                "attach service func_gateway to faasnet as gateway",
                "attach service func_faas-swarm to faasnet as faas-swarm",
                "set FAASFED_PLATFORMS_OPENFAAS_NETWORK=faasnet on service faasfed");
        assertThat(planned.plan().notes()).anyMatch(n -> n.startsWith("faasfed's OpenFaaS adapter must send \"network\": "
                + "\"faasnet\" on every deploy and update: configure sets FAASFED_PLATFORMS_OPENFAAS_NETWORK=faasnet on service faasfed"));
    }

    @Test
    void openFaasWithoutTheFaasfedGatewaySaysWhatToSetWhereItRuns() {
        Target gateway = serviceTarget(service("gateway", "func_gateway", List.of("net1d"), Map.of()), List.of("gateway"));
        Target provider = serviceTarget(service("faas-swarm", "func_faas-swarm", List.of("net1d"), Map.of()), List.of("faas-swarm"));

        PlatformPlanner.Planned planned = plan(Platform.OPENFAAS, SWARM, OVERLAY, Map.of("gateway", gateway, "faas-swarm", provider));

        assertThat(planned.plan().upToDate()).isTrue();
        assertThat(planned.plan().notes()).anyMatch(n -> n.startsWith("No faasfed gateway found")
                && n.contains("set FAASFED_PLATFORMS_OPENFAAS_NETWORK=faasnet (property faasfed.platforms.openfaas.network=faasnet)")
                && n.contains("--gateway-name"));
    }

    @Test
    void missingComponentsAreNamedWithWhatWasLookedForAndTheirFlags() {
        assertThatThrownBy(() -> plan(Platform.OPENFAAS, SWARM, OVERLAY, Map.of()))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.PLATFORM_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("Not found on this engine: the OpenFaaS gateway (a service or "
                            + "container called 'gateway', '<stack>_gateway', '<project>-gateway-<n>' or "
                            + "'<project>_gateway_<n>'); the OpenFaaS Swarm provider (a service or container called "
                            + "'faas-swarm', '<stack>_faas-swarm', '<project>-faas-swarm-<n>' or '<project>_faas-swarm_<n>').");
                    assertThat(e.hint()).isEqualTo("Start them, or name their service or container with "
                            + "--openfaas-gateway <name> and --openfaas-faas-swarm <name>.");
                });
    }

    @Test
    void openFaasOnASingleHostNeedsOnlyTheGatewayAndExplainsWhenItIsMissing() {
        assertThatThrownBy(() -> plan(Platform.OPENFAAS, SINGLE, BRIDGE, Map.of()))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.PLATFORM_NOT_FOUND);
                    assertThat(e.getMessage()).contains("the OpenFaaS gateway (a container called 'gateway',")
                            .doesNotContain("faas-swarm").doesNotContain("<stack>");
                    assertThat(e.hint()).contains("--openfaas-gateway <name>")
                            .contains("OpenFaaS has no provider for plain Docker");
                });

        Target gateway = containerTarget(container("gateway", "gateway", List.of("bridge"), Map.of()), List.of());
        PlatformPlanner.Planned planned = plan(Platform.OPENFAAS, SINGLE, BRIDGE, Map.of("gateway", gateway));
        assertThat(planned.plan().changes()).extracting(PlatformChange::description)
                .containsExactly("connect container gateway to faasnet as gateway");
        assertThat(planned.plan().notes()).anyMatch(n -> n.startsWith("OpenFaaS has no provider for plain Docker"));
    }

    @Test
    void aServiceCannotJoinALocalBridge() {
        Target fn = serviceTarget(service("fnserver", "fnserver", List.of(), Map.of()), List.of());
        ExistingNetwork local = new ExistingNetwork("n3", "faasnet", "bridge", "local", false, Map.of(), Map.of(), List.of(),
                List.of());

        assertThatThrownBy(() -> plan(Platform.FN, SWARM, local, Map.of("fnserver", fn)))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("Network faasnet is a bridge network of local scope: Swarm services "
                            + "(fnserver) can only join a swarm-scoped overlay network.");
                });
    }

    @Test
    void aContainerCannotJoinAnOverlayThatIsNotAttachable() {
        Target fn = containerTarget(container("fnserver", "fnserver", List.of(), Map.of("FN_DOCKER_NETWORKS", "faasnet")), List.of());
        ExistingNetwork closed = new ExistingNetwork("n4", "faasnet", "overlay", "swarm", false, Map.of(), Map.of(), List.of(),
                List.of());

        assertThatThrownBy(() -> plan(Platform.FN, SWARM, closed, Map.of("fnserver", fn)))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_CONFLICT);
                    assertThat(e.getMessage()).contains("not attachable: plain containers (fnserver) cannot join it");
                });
    }

    @Test
    void aContainerStartedWithRmOrWithALeftoverInTheWayBlocksApply() {
        Located located = container("fnserver", "fnserver", List.of("bridge"), Map.of());
        Target rm = new Target(located, List.of(), Map.of(), "bridge", true, true, true);

        PlatformPlanner.Planned planned = plan(Platform.FN, SINGLE, BRIDGE, Map.of("fnserver", rm));

        assertThat(planned.blockers()).containsExactly(
                "Container fnserver was started with --rm: stopping it would remove it, so configure will not re-create it. "
                        + "Re-create it yourself with -e FN_DOCKER_NETWORKS=faasnet and --network faasnet, or start it "
                        + "without --rm and apply again.",
                "A container called fnserver-faasfed-old exists, left by an interrupted re-create of fnserver: check it, "
                        + "remove it ('docker rm fnserver-faasfed-old') or rename it back, and apply again.");
        assertThat(planned.plan().notes()).containsAll(planned.blockers());
    }

    @Test
    void aContainerOnTheHostsNetworkIsNotAttachedAndTheNoteSaysSo() {
        Located located = container("fnserver", "fnserver", List.of("host"), Map.of("FN_DOCKER_NETWORKS", "faasnet"));
        Target host = new Target(located, List.of(), Map.of(), "host", false, false, true);

        PlatformPlanner.Planned planned = plan(Platform.FN, SINGLE, BRIDGE, Map.of("fnserver", host));

        assertThat(planned.plan().upToDate()).isTrue();
        assertThat(planned.plan().notes()).anyMatch(n -> n.startsWith("Container fnserver uses network mode host, so it cannot join faasnet"));
    }

    @Test
    void stackAndComposeManagedComponentsAreWarnedThatTheirNextDeployUndoesTheChange() {
        Located svc = service("fnserver", "fn_fnserver", List.of(), Map.of());
        Target stacked = Target.service(svc, List.of(), Map.of(Target.STACK_LABEL, "fn"), true);
        Located ctr = container("invoker", "ow-invoker-1", List.of("ow_default"), Map.of());
        Target composed = new Target(ctr, List.of(), Map.of(Target.COMPOSE_LABEL, "ow"), "ow_default", false, false, false);
        Target controller = containerTarget(container("controller", "controller", List.of("faasnet"), Map.of()), List.of());

        assertThat(plan(Platform.FN, SWARM, OVERLAY, Map.of("fnserver", stacked)).plan().notes())
                .anyMatch(n -> n.startsWith("Service fn_fnserver belongs to stack fn: the next 'docker stack deploy' of it "
                        + "undoes what configure changes"));
        Map<String, Target> found = new HashMap<>();
        found.put("invoker", composed);
        found.put("controller", controller);
        assertThat(plan(Platform.OPENWHISK, SWARM, OVERLAY, found).plan().notes())
                .anyMatch(n -> n.startsWith("Container ow-invoker-1 belongs to compose project ow: the next 'docker compose up'"))
                .anyMatch(n -> n.startsWith("container ow-invoker-1 has no Docker socket mounted and no DOCKER_HOST"));
    }
}

package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every branch of the planner, which only reads what the engine said: no engine, no stub. */
class NetworkPlannerTest {

    private static final EngineState MANAGER = new EngineState("tcp://127.0.0.1:2375", "20.10.24", "1.41", SwarmRole.MANAGER,
            "active", "n0de1d0f7h15m4n4g3r");
    private static final ModeDetection SWARM = new ModeDetection(Mode.SWARM, "this engine is a Swarm manager", false);
    private static final ModeDetection SINGLE_HOST = new ModeDetection(Mode.SINGLE_HOST, "this engine is in no swarm", false);

    private static ExistingNetwork network(String id, String name, String driver, boolean attachable, Map<String, String> labels,
                                           Map<String, String> options, List<ExistingNetwork.Block> blocks) {
        return new ExistingNetwork(id, name, driver, "overlay".equals(driver) ? "swarm" : "local", attachable, labels, options,
                blocks, List.of());
    }

    private static ExistingNetwork ours(String driver, boolean attachable, ExistingNetwork.Block... blocks) {
        return network("aaaaaaaaaaaa0001", "faasnet", driver, attachable, Labels.network(), Map.of(), List.of(blocks));
    }

    private static final ExistingNetwork DEFAULT_BRIDGE = network("b0b0b0b0b0b00001", "bridge", "bridge", false, Map.of(),
            Map.of(), List.of(new ExistingNetwork.Block("172.17.0.0/16", "172.17.0.1")));

    private static NetworkSpec spec(String subnet, String gateway, boolean encrypted, boolean adopt) {
        return new NetworkSpec("faasnet", Optional.ofNullable(subnet).map(Subnet::parse), Optional.ofNullable(gateway), encrypted,
                adopt);
    }

    private static NetworkPlan plan(ModeDetection detection, NetworkSpec spec, ExistingNetwork... all) {
        return NetworkPlanner.plan(MANAGER, detection, spec, List.of(all));
    }

    private static void conflict(ThrowingCallable planning, SetupProblem problem, String message, String hint) {
        assertThatThrownBy(planning).isInstanceOfSatisfying(SetupException.class, e -> {
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.getMessage()).contains(message);
            assertThat(e.hint()).contains(hint);
        });
    }

    @Test
    void aMissingNetworkIsCreatedAndTheChangeSaysHow() {
        NetworkPlan plan = plan(SWARM, spec("10.89.0.0/24", "10.89.0.1", true, false), DEFAULT_BRIDGE);

        assertThat(plan.existing()).isEmpty();
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Change.Action.CREATE_NETWORK);
            assertThat(change.target()).isEqualTo("faasnet");
            assertThat(change.description()).isEqualTo("create attachable overlay network faasnet (subnet 10.89.0.0/24; "
                    + "gateway 10.89.0.1; encrypted; labels openfaas=true, io.faasfed.managed-by=faasfed)");
        });
        assertThat(plan.notes()).isEmpty();
        assertThat(plan(SINGLE_HOST, NetworkSpec.named("faasnet")).changes().get(0).description())
                .isEqualTo("create bridge network faasnet (subnet chosen by Docker; labels openfaas=true, "
                        + "io.faasfed.managed-by=faasfed)");
    }

    @Test
    void initSwarmComesFirstAndCarriesTheAdvertiseAddress() {
        ModeDetection init = new ModeDetection(Mode.SWARM, "--init-swarm was given", true);

        NetworkPlan plan = NetworkPlanner.plan(MANAGER, init, NetworkSpec.named("faasnet"), Optional.of("10.0.0.5"), List.of());

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Change.Action.INIT_SWARM, Change.Action.CREATE_NETWORK);
        assertThat(plan.changes().get(0).target()).isEqualTo("10.0.0.5");
        assertThat(plan.changes().get(0).description()).contains("--advertise-addr 10.0.0.5");
    }

    @Test
    void aSubnetOverlappingAnotherNetworksIsRefusedNamingIt() {
        conflict(() -> plan(SWARM, spec("172.17.5.0/24", null, false, false), DEFAULT_BRIDGE), SetupProblem.SUBNET_OVERLAP,
                "The subnet 172.17.5.0/24 overlaps 172.17.0.0/16 of network bridge (bridge, id b0b0b0b0b0b0).",
                "leave --subnet out");
    }

    @Test
    void anotherNetworksBlockTheEngineWroteOddlyIsSkippedInTheOverlapCheck() {
        ExistingNetwork odd = network("c0c0c0c0c0c00001", "odd", "macvlan", false, Map.of(), Map.of(),
                List.of(new ExistingNetwork.Block("not-a-block", "")));

        assertThat(plan(SWARM, spec("10.89.0.0/24", null, false, false), odd).changes()).hasSize(1);
    }

    @Test
    void anExistingNetworkAsAskedForChangesNothing() {
        ExistingNetwork existing = ours("overlay", true, new ExistingNetwork.Block("10.89.0.0/24", "10.89.0.1"));

        NetworkPlan plan = plan(SWARM, spec("10.89.0.0/24", "10.89.0.1", false, false), existing, DEFAULT_BRIDGE);

        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.existing()).contains(existing);
        assertThat(plan(SINGLE_HOST, NetworkSpec.named("faasnet"), ours("bridge", false)).upToDate())
                .as("a bridge needs no attachable flag").isTrue();
    }

    @Test
    void theSameBlockWrittenAnotherWayIsTheSameBlock() {
        ExistingNetwork existing = ours("overlay", true, new ExistingNetwork.Block("FD00:89:0::/64", "fd00:89::0001"));

        assertThat(plan(SWARM, spec("fd00:89::/64", "fd00:89::1", false, false), existing).upToDate()).isTrue();
    }

    @Test
    void anExistingNetworkOfAnotherDriverIsAConflict() {
        conflict(() -> plan(SWARM, NetworkSpec.named("faasnet"), ours("bridge", false)), SetupProblem.NETWORK_CONFLICT,
                "Network faasnet exists but is a bridge network (local scope); swarm mode needs an attachable overlay.",
                "docker network rm faasnet");
        conflict(() -> plan(SINGLE_HOST, NetworkSpec.named("faasnet"), ours("overlay", true)), SetupProblem.NETWORK_CONFLICT,
                "is a overlay network (swarm scope); single-host mode needs a bridge.", "--network");
    }

    @Test
    void aSwarmNetworkStillWithoutADriverIsNotMistakenForAnotherKind() {
        ExistingNetwork allocating = new ExistingNetwork("aaaaaaaaaaaa0001", "faasnet", "", "swarm", true, Labels.network(),
                Map.of(), List.of(), List.of());

        conflict(() -> plan(SWARM, NetworkSpec.named("faasnet"), allocating), SetupProblem.NETWORK_CONFLICT,
                "exists but the swarm has not finished creating it", "Run the command again in a moment");
    }

    @Test
    void anOverlayThatIsNotAttachableIsAConflictThatCannotBeFixedInPlace() {
        conflict(() -> plan(SWARM, NetworkSpec.named("faasnet"), ours("overlay", false)), SetupProblem.NETWORK_CONFLICT,
                "exists but is not attachable", "A network's attachable flag cannot be changed.");
    }

    @Test
    void aNetworkFaasfedDidNotMakeIsUsedOnlyWithAdopt() {
        ExistingNetwork theirs = network("dddddddddddd0001", "faasnet", "overlay", true, Map.of("openfaas", "true"), Map.of(),
                List.of());

        conflict(() -> plan(SWARM, NetworkSpec.named("faasnet"), theirs), SetupProblem.NETWORK_CONFLICT,
                "was not created by faasfed (it has no label io.faasfed.managed-by=faasfed)", "--adopt");
        NetworkPlan adopted = plan(SWARM, spec(null, null, false, true), theirs);
        assertThat(adopted.upToDate()).isTrue();
        assertThat(adopted.notes()).singleElement().asString().contains("was not created by faasfed", "--adopt",
                "destroy' will leave it");
    }

    @Test
    void anotherSubnetOrGatewayIsAConflict() {
        ExistingNetwork existing = ours("overlay", true, new ExistingNetwork.Block("10.89.0.0/24", "10.89.0.1"));

        conflict(() -> plan(SWARM, spec("10.90.0.0/24", null, false, false), existing), SetupProblem.NETWORK_CONFLICT,
                "exists with subnet 10.89.0.0/24, not 10.90.0.0/24.", "leave --subnet out");
        conflict(() -> plan(SWARM, spec("10.89.0.0/24", "10.89.0.254", false, false), existing), SetupProblem.NETWORK_CONFLICT,
                "exists with another gateway, not 10.89.0.254.", "leave --gateway out");
        conflict(() -> plan(SWARM, spec("10.89.0.0/24", null, false, false), ours("overlay", true)),
                SetupProblem.NETWORK_CONFLICT, "exists with subnet (none reported)", "--subnet");
    }

    @Test
    void encryptionMustMatchWhenAskedFor() {
        ExistingNetwork plain = ours("overlay", true);
        ExistingNetwork encrypted = network("aaaaaaaaaaaa0001", "faasnet", "overlay", true, Labels.network(),
                Map.of("encrypted", ""), List.of());

        conflict(() -> plan(SWARM, spec(null, null, true, false), plain), SetupProblem.NETWORK_CONFLICT,
                "exists but is not encrypted", "--encrypted");
        assertThat(plan(SWARM, spec(null, null, true, false), encrypted).upToDate()).isTrue();
        assertThat(plan(SWARM, NetworkSpec.named("faasnet"), encrypted).upToDate())
                .as("an encrypted network serves a request that did not ask for encryption").isTrue();
    }

    @Test
    void encryptionNeedsSwarmMode() {
        conflict(() -> plan(SINGLE_HOST, spec(null, null, true, false)), SetupProblem.INVALID_INPUT,
                "--encrypted needs an overlay network, and this is single-host mode (this engine is in no swarm).",
                "Leave --encrypted out");
    }

    @Test
    void twoNetworksOfTheNameAreAConflict() {
        conflict(() -> plan(SWARM, NetworkSpec.named("faasnet"), ours("overlay", true),
                        network("eeeeeeeeeeee0001", "faasnet", "overlay", true, Map.of(), Map.of(), List.of())),
                SetupProblem.NETWORK_CONFLICT, "2 networks are called faasnet (aaaaaaaaaaaa overlay/swarm, "
                        + "eeeeeeeeeeee overlay/swarm)", "--network");
    }

    @Test
    void anotherNetworkLabelledForOpenFaasIsNoted() {
        ExistingNetwork func = network("ffffffffffff0001", "func_functions", "overlay", true, Map.of("openfaas", "true"),
                Map.of(), List.of());

        NetworkPlan plan = plan(SWARM, NetworkSpec.named("faasnet"), ours("overlay", true), func);

        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.notes()).singleElement().asString()
                .startsWith("Network func_functions is labelled openfaas=true too")
                .contains("'--network faasnet'");
    }
}

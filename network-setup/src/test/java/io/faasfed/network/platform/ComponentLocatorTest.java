package io.faasfed.network.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.faasfed.network.Mode;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.testing.DockerObjects;
import io.faasfed.network.testing.RecordingDockerStub;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;

/** Finding each platform's service or container by the names stacks and compose projects give them. */
class ComponentLocatorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NET_ID = "9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final PlatformLayout LAYOUT = PlatformLayout.defaults();

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    private RecordingDockerStub stub() {
        return docker.stub();
    }

    private Located locate(String role, Mode mode) {
        return new ComponentLocator(docker.engine()).locate(LAYOUT.component(role), mode).block(WAIT);
    }

    private static Map<String, Object> service(String id, String name, List<String> env) {
        Map<String, Object> spec = DockerObjects.plainServiceSpec(name, List.of(DockerObjects.attachment(NET_ID, "gateway")));
        @SuppressWarnings("unchecked")
        Map<String, Object> container = (Map<String, Object>) ((Map<String, Object>) spec.get("TaskTemplate")).get("ContainerSpec");
        container.put("Env", env);
        return DockerObjects.service(id, 5, spec);
    }

    private void services(Map<String, Object>... services) {
        stub().on("GET", "/services", Reply.json(200, List.of(services)));
    }

    private void containers(Map<String, Object>... containers) {
        stub().on("GET", "/containers/json", Reply.json(200, List.of(containers)));
    }

    @Test
    void aStackServiceIsFoundByItsStackNameWithItsNetworksEnvironmentAndRunningTasks() {
        services(service("s1", "func_gateway", List.of("read_timeout=65s", "basic_auth")),
                service("s2", "func_faas-swarm", List.of()));
        stub().on("GET", "/tasks", Reply.json(200, List.of(DockerObjects.task("t1", "s1", "shutdown"),
                DockerObjects.task("t2", "s1", "running"))));

        Located gateway = locate("gateway", Mode.SWARM);

        assertThat(gateway.kind()).isEqualTo(Located.Kind.SERVICE);
        assertThat(gateway.id()).isEqualTo("s1");
        assertThat(gateway.name()).isEqualTo("func_gateway");
        assertThat(gateway.running()).isTrue();
        assertThat(gateway.networks()).containsExactly(NET_ID);
        assertThat(gateway.attachedTo(NET_ID, "faasnet")).isTrue();
        assertThat(gateway.env()).isEqualTo(Map.of("read_timeout", "65s", "basic_auth", ""));
        assertThat(stub().only("GET", "/tasks").queryParameter("filters")).contains("{\"service\":[\"s1\"]}");
        assertThat(stub().requests("GET", "/containers/json")).as("a service was found: no need for containers").isEmpty();
    }

    @Test
    void aServiceWithoutARunningTaskIsNotRunning() {
        services(service("s1", "fnserver", List.of()));
        stub().on("GET", "/tasks", Reply.json(200, List.of(DockerObjects.task("t1", "s1", "rejected"))));

        assertThat(locate("fnserver", Mode.SWARM).running()).isFalse();
    }

    @Test
    void inSwarmModeAPlainContainerIsFoundWhenNoServiceMatchesAndTaskContainersAreSkipped() {
        services(service("s9", "func_queue-worker", List.of()));
        containers(DockerObjects.containerSummary("c0", "func_invoker.1.x7y8z9", "running",
                        Map.of("com.docker.swarm.service.id", "s0")),
                DockerObjects.containerSummary("c1", "openwhisk-invoker-1", "running", Map.of()));
        stub().on("GET", "/containers/{id}/json", Reply.json(200, DockerObjects.containerInspect("c1", "openwhisk-invoker-1",
                true, List.of("CONFIG_whisk_containerFactory_containerArgs_network=faasnet", "PATH=/bin"),
                Map.of("faasnet", NET_ID))));

        Located invoker = locate("invoker", Mode.SWARM);

        assertThat(invoker.kind()).isEqualTo(Located.Kind.CONTAINER);
        assertThat(invoker.name()).isEqualTo("openwhisk-invoker-1");
        assertThat(invoker.running()).isTrue();
        assertThat(invoker.networks()).containsExactlyInAnyOrder("faasnet", NET_ID);
        assertThat(invoker.env()).containsEntry("CONFIG_whisk_containerFactory_containerArgs_network", "faasnet");
        assertThat(stub().only("GET", "/containers/json").queryParameter("all")).contains("true");
        assertThat(stub().only("GET", "/containers/{id}/json").path()).isEqualTo("/containers/c1/json");
    }

    @Test
    void inSingleHostModeServicesAreNotAskedFor() {
        containers(DockerObjects.containerSummary("c1", "fnserver", "exited", Map.of()));
        stub().on("GET", "/containers/{id}/json", Reply.json(200, DockerObjects.containerInspect("c1", "fnserver", false,
                List.of(), Map.of())));

        Located fn = locate("fnserver", Mode.SINGLE_HOST);

        assertThat(fn.name()).isEqualTo("fnserver");
        assertThat(fn.running()).isFalse();
        assertThat(fn.networks()).isEmpty();
        assertThat(stub().requests("GET", "/services")).isEmpty();
    }

    @Test
    void composeV1AndV2AndStackNamesMatchButOtherNamesDoNot() {
        List<String> names = List.of("controller", "ow_controller", "ow-controller-1", "ow_controller_12", "mycontroller",
                "controller-old", "ow_controller_x", "ow-controller_1", "_controller", "ow_controller.1.abc");
        List<Map<String, Object>> listed = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            listed.add(DockerObjects.containerSummary("c" + i, names.get(i), "running", Map.of()));
        }
        stub().on("GET", "/containers/json", Reply.json(200, listed));

        assertThatThrownBy(() -> locate("controller", Mode.SINGLE_HOST))
                .isInstanceOfSatisfying(SetupException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "More than one controller matches 'controller': container controller, container ow_controller, "
                                + "container ow-controller-1, container ow_controller_12."));
    }

    @Test
    void twoMatchingServicesAreAmbiguousAndTheHintNamesTheFlag() {
        services(service("s1", "func_gateway", List.of()), service("s2", "staging_gateway", List.of()));

        assertThatThrownBy(() -> locate("gateway", Mode.SWARM))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.PLATFORM_NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("More than one gateway matches 'gateway': service func_gateway, "
                            + "service staging_gateway.");
                    assertThat(e.hint()).isEqualTo("Name the one you mean exactly, e.g. --openfaas-gateway func_gateway.");
                });
    }

    @Test
    void twoMatchingContainersAreAmbiguousToo() {
        containers(DockerObjects.containerSummary("c1", "fn-fnserver-1", "running", Map.of()),
                DockerObjects.containerSummary("c2", "fn_fnserver_2", "running", Map.of()));

        assertThatThrownBy(() -> locate("fnserver", Mode.SINGLE_HOST))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.getMessage()).contains("container fn-fnserver-1, container fn_fnserver_2");
                    assertThat(e.hint()).contains("--fn-server fn-fnserver-1");
                });
    }

    @Test
    void nothingMatchingIsEmpty() {
        services(service("s1", "func_gateway", List.of()));
        containers(DockerObjects.containerSummary("c1", "gatewayd", "running", Map.of()));

        assertThat(new ComponentLocator(docker.engine()).locate(LAYOUT.component("controller"), Mode.SWARM)
                .blockOptional(WAIT)).isEmpty();
    }

    @Test
    void anExactNameGivenOnTheCommandLineIsLookedFor() {
        containers(DockerObjects.containerSummary("c1", "my.fn-server", "running", Map.of()),
                DockerObjects.containerSummary("c2", "myXfn-server", "running", Map.of()));
        stub().on("GET", "/containers/{id}/json", Reply.json(200, DockerObjects.containerInspect("c1", "my.fn-server", true,
                List.of(), Map.of())));

        Located fn = new ComponentLocator(docker.engine())
                .locate(LAYOUT.component("fnserver").named("my.fn-server"), Mode.SINGLE_HOST).block(WAIT);

        assertThat(fn.id()).isEqualTo("c1");
    }

    @Test
    void theFlagsNameEachComponent() {
        assertThat(ComponentLocator.flag(LAYOUT.component("fnserver"))).isEqualTo("fn-server");
        assertThat(ComponentLocator.flag(LAYOUT.component("invoker"))).isEqualTo("openwhisk-invoker");
        assertThat(ComponentLocator.flag(LAYOUT.faasfedGateway())).isEqualTo("gateway-name");
    }
}

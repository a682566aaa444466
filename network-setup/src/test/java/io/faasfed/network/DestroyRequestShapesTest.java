package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.faasfed.network.testing.DockerObjects;
import io.faasfed.network.testing.RecordedRequest;
import io.faasfed.network.testing.RecordingDockerStub;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;

/**
 * What {@code network destroy} sends against a recording stub, including what a real engine here cannot run: a
 * service in VIP mode with published ports attached to the network, taken off it by {@code --force} with the rest of
 * its spec kept exactly.
 */
class DestroyRequestShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NET_ID = "9c1b2a3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String OTHER_NET_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String CONTAINER_ID = "c0ffee0000000000000000000000000000000000000000000000000000000001";
    private static final String PROBE_ID = "c0ffee0000000000000000000000000000000000000000000000000000000002";
    private static final String SERVICE_ID = "kq3pj7c0f5r2b8n4m6x1z9y0w";
    private static final String BYSTANDER_ID = "a1b2c3d4e5f6g7h8i9j0k1l2m";

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    private RecordingDockerStub stub() {
        return docker.stub();
    }

    private NetworkSetup setup() {
        return new NetworkSetup(docker.engine());
    }

    private DockerObjects.NetworkJson faasnet() {
        return DockerObjects.network(NET_ID, "faasnet").overlay().attachable().managed();
    }

    private Map<String, Object> gatewaySpec() {
        return DockerObjects.vipServiceSpec("func_gateway", new ArrayList<>(List.of(
                DockerObjects.attachment(NET_ID, "gateway"),
                Map.of("Target", OTHER_NET_ID, "Aliases", List.of("gw"), "DriverOpts", Map.of("com.example.opt", "1")))));
    }

    /** A swarm with faasnet, one container and a probe on it, the gateway service on it and a service that is not. */
    private void swarmWithAttachments() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of(faasnet().toMap())));
        stub().on("GET", "/networks/{id}", Reply.json(200, faasnet()
                .container(CONTAINER_ID, "web", "10.0.1.5/24")
                .container(PROBE_ID, Probes.NAME_PREFIX + "1234", "10.0.1.6/24")
                .container("lb-faasnet", "faasnet-endpoint", "10.0.1.2/24")
                .toMap()));
        stub().on("GET", "/services", Reply.json(200, List.of(
                DockerObjects.service(SERVICE_ID, 41, gatewaySpec()),
                DockerObjects.service(BYSTANDER_ID, 3, DockerObjects.plainServiceSpec("other",
                        List.of(DockerObjects.attachment(OTHER_NET_ID)))))));
        stub().on("GET", "/services/{id}", Reply.json(200, DockerObjects.service(SERVICE_ID, 41, gatewaySpec())));
        stub().on("POST", "/services/{id}/update", Reply.json(200, Map.of("Warnings", List.of())));
        stub().on("POST", "/networks/{id}/disconnect", Reply.empty(200));
        stub().on("DELETE", "/containers/{id}", Reply.empty(204));
        stub().on("DELETE", "/networks/{id}", Reply.empty(204));
    }

    @Test
    void forceTakesTheVipServiceOffKeepingEveryOtherFieldDetachesTheContainerAndRemovesTheNetwork() throws Exception {
        swarmWithAttachments();

        DestroyResult result = setup().destroy("faasnet", true, Progress.SILENT).block(WAIT);

        assertThat(result.changes()).extracting(Change::action).containsExactly(Change.Action.REMOVE_PROBE,
                Change.Action.DETACH_SERVICE, Change.Action.DETACH_CONTAINER, Change.Action.REMOVE_NETWORK);
        assertThat(result.changes()).extracting(Change::description).containsExactly(
                "removed probe container " + Probes.NAME_PREFIX + "1234",
                "took service func_gateway off faasnet (its tasks restart)",
                "detached container web from faasnet",
                "removed network faasnet (id 9c1b2a3d4e5f)");

        RecordedRequest update = stub().only("POST", "/services/{id}/update");
        assertThat(update.path()).isEqualTo("/services/" + SERVICE_ID + "/update");
        assertThat(update.query()).isEqualTo(Map.of("version", List.of("41")));
        ObjectNode expected = (ObjectNode) JSON.readTree(JSON.writeValueAsString(gatewaySpec()));
        ((ArrayNode) expected.path("TaskTemplate").path("Networks")).remove(0);
        assertThat(ApplyRequestShapesTest.withoutNulls(update.json())).isEqualTo(expected);
        assertThat(update.json().path("EndpointSpec").path("Mode").asText()).isEqualTo("vip");

        RecordedRequest disconnect = stub().only("POST", "/networks/{id}/disconnect");
        assertThat(disconnect.path()).isEqualTo("/networks/" + NET_ID + "/disconnect");
        assertThat(ApplyRequestShapesTest.withoutNulls(disconnect.json()))
                .isEqualTo(JSON.readTree("{\"Container\": \"" + CONTAINER_ID + "\", \"Force\": true}"));

        RecordedRequest probe = stub().only("DELETE", "/containers/{id}");
        assertThat(probe.path()).isEqualTo("/containers/" + PROBE_ID);
        assertThat(probe.queryParameter("force")).contains("true");

        List<RecordedRequest> all = stub().requests();
        assertThat(all.get(all.size() - 1).toString()).isEqualTo("DELETE /v1.41/networks/" + NET_ID);
        assertThat(stub().requests("POST", "/services/{id}/update")).extracting(RecordedRequest::path)
                .doesNotContain("/services/" + BYSTANDER_ID + "/update");
    }

    @Test
    void withoutForceItRefusesNamingWhatIsAttachedAndChangesNothing() {
        swarmWithAttachments();

        assertThatThrownBy(() -> setup().destroy("faasnet", false, Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_IN_USE);
                    assertThat(e.getMessage()).isEqualTo("Network faasnet is in use by service func_gateway, container web.");
                    assertThat(e.hint()).contains("--force");
                });
        assertThat(stub().requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void activeEndpointsLeftByTheServiceAreWaitedOut() {
        swarmWithAttachments();
        String busy = "error while removing network: network faasnet id " + NET_ID + " has active endpoints";
        stub().onSequence("DELETE", "/networks/{id}", Reply.error(403, busy), Reply.error(403, busy), Reply.empty(204));

        DestroyResult result = setup().destroy("faasnet", true, Progress.SILENT).block(WAIT);

        assertThat(result.changes()).extracting(Change::action).endsWith(Change.Action.REMOVE_NETWORK);
        assertThat(stub().requests("DELETE", "/networks/{id}")).hasSize(3);
    }

    @Test
    void theOldTasksOfTheServiceAreWaitedOut() {
        swarmWithAttachments();
        String busy = "rpc error: code = FailedPrecondition desc = network n45je7hm8ptn75qx00kzdy89k is in use by task "
                + "qzylfmcii5w0qo8vcs2oan5lx";
        stub().onSequence("DELETE", "/networks/{id}", Reply.error(400, busy), Reply.error(400, busy), Reply.empty(204));

        DestroyResult result = setup().destroy("faasnet", true, Progress.SILENT).block(WAIT);

        assertThat(result.changes()).extracting(Change::action).endsWith(Change.Action.REMOVE_NETWORK);
        assertThat(stub().requests("DELETE", "/networks/{id}")).hasSize(3);
    }

    @Test
    void anotherRefusalToRemoveIsNotRetried() {
        swarmWithAttachments();
        stub().on("DELETE", "/networks/{id}", Reply.error(500, "failed to remove network " + NET_ID + ": driver error"));

        assertThatThrownBy(() -> setup().destroy("faasnet", true, Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.ENGINE_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Docker refused to remove network faasnet (HTTP 500): failed to "
                            + "remove network " + NET_ID + ": driver error");
                });
        assertThat(stub().requests("DELETE", "/networks/{id}")).hasSize(1);
    }

    @Test
    void aNetworkNotMadeByFaasfedIsLeftAlone() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of(DockerObjects.network(NET_ID, "faasnet").overlay().attachable()
                .toMap())));

        assertThatThrownBy(() -> setup().destroy("faasnet", true, Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_CONFLICT);
                    assertThat(e.getMessage()).contains("was not created by faasfed");
                });
        assertThat(stub().requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void ofTwoNetworksOfTheNameOnlyFaasfedsIsRemovedAndTheOtherIsNoted() {
        stub().noSwarm();
        stub().on("GET", "/networks", Reply.json(200, List.of(
                DockerObjects.network(NET_ID, "faasnet").bridge().managed().toMap(),
                DockerObjects.network(OTHER_NET_ID, "faasnet").bridge().toMap())));
        stub().on("GET", "/networks/{id}", (request, vars) -> Reply.json(200,
                DockerObjects.network(vars.get("id"), "faasnet").bridge().toMap()));
        stub().on("DELETE", "/networks/{id}", Reply.empty(204));

        DestroyResult result = setup().destroy("faasnet", false, Progress.SILENT).block(WAIT);

        assertThat(stub().only("DELETE", "/networks/{id}").path()).isEqualTo("/networks/" + NET_ID);
        assertThat(result.notes()).singleElement().asString().contains("0f1e2d3c4b5a", "was not created by faasfed");
        assertThat(stub().requests("GET", "/services")).as("an engine in no swarm has no services to ask for").isEmpty();
    }

    @Test
    void nothingToRemoveIsNotAnError() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of()));

        DestroyResult result = setup().destroy("faasnet", false, Progress.SILENT).block(WAIT);

        assertThat(result.changes()).isEmpty();
        assertThat(result.notes()).containsExactly("There is no network called faasnet: nothing to remove.");
        assertThat(stub().only("GET", "/networks").queryParameter("filters")).contains("{\"name\":[\"faasnet\"]}");
    }
}

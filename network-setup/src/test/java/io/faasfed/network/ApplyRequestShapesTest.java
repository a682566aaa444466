package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.testing.DockerObjects;
import io.faasfed.network.testing.RecordedRequest;
import io.faasfed.network.testing.RecordingDockerStub;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;

/**
 * What {@code network plan} and {@code apply} send, field by field, against a recording stub: the shapes a real engine
 * here accepts without showing them (an encrypted overlay, fixed addresses, {@code swarm init}). Every request is also
 * checked against the Engine API v1.41 document ({@link StubbedEngine}).
 */
class ApplyRequestShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CREATED_ID = "4f7a0c1d2e3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f";

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    private RecordingDockerStub stub() {
        return docker.stub();
    }

    private NetworkSetup setup() {
        return new NetworkSetup(docker.engine());
    }

    private void noNetworksAndCreateAnswers() {
        stub().on("GET", "/networks", Reply.json(200, List.of(DockerObjects.network("b1", "bridge").bridge().toMap())));
        stub().on("POST", "/networks/create", Reply.json(201, Map.of("Id", CREATED_ID, "Warning", "")));
    }

    private static NetworkRequest request(NetworkSpec spec, ModeChoice mode, boolean initSwarm, Optional<String> advertise) {
        return new NetworkRequest(spec, mode, initSwarm, advertise);
    }

    private static NetworkSpec encryptedWithAddresses() {
        return new NetworkSpec("faasnet", Optional.of(Subnet.parse("10.89.0.0/24")), Optional.of("10.89.0.1"), true, false);
    }

    @Test
    void applyOnASwarmManagerCreatesAnAttachableEncryptedOverlayWithTheAddressesAskedFor() throws Exception {
        stub().swarmManager();
        noNetworksAndCreateAnswers();

        NetworkPlan plan = setup().apply(NetworkRequest.of(encryptedWithAddresses()), Progress.SILENT).block(WAIT);

        assertThat(plan.detection().mode()).isEqualTo(Mode.SWARM);
        RecordedRequest create = stub().only("POST", "/networks/create");
        assertThat(create.rawPath()).isEqualTo("/v1.41/networks/create");
        assertThat(create.query()).isEmpty();
        assertThat(create.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = withoutNulls(create.json());
        assertThat(body).isEqualTo(JSON.readTree("""
                {
                  "Name": "faasnet",
                  "Driver": "overlay",
                  "CheckDuplicate": true,
                  "Attachable": true,
                  "Labels": {"openfaas": "true", "io.faasfed.managed-by": "faasfed", "io.faasfed.role": "network"},
                  "Options": {"encrypted": ""},
                  "IPAM": {"Driver": "default", "Config": [{"Subnet": "10.89.0.0/24", "Gateway": "10.89.0.1"}]}
                }
                """));
        assertThat(stub().requests()).extracting(RecordedRequest::toString).containsExactly(
                "GET /v1.41/_ping", "GET /v1.41/version", "GET /v1.41/info", "GET /v1.41/networks",
                "POST /v1.41/networks/create");
    }

    @Test
    void applyOnAnEngineInNoSwarmCreatesAPlainBridgeWithoutAttachableOrAddresses() throws Exception {
        stub().noSwarm();
        noNetworksAndCreateAnswers();

        NetworkPlan plan = setup().apply(NetworkRequest.of(NetworkSpec.named("faasnet")), Progress.SILENT).block(WAIT);

        assertThat(plan.detection().mode()).isEqualTo(Mode.SINGLE_HOST);
        assertThat(plan.detection().reason()).contains("in no swarm");
        JsonNode body = withoutNulls(stub().only("POST", "/networks/create").json());
        assertThat(body.path("Options").size()).as("docker-java sends no options as {}").isZero();
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("Options");
        assertThat(body).isEqualTo(JSON.readTree("""
                {
                  "Name": "faasnet",
                  "Driver": "bridge",
                  "CheckDuplicate": true,
                  "Labels": {"openfaas": "true", "io.faasfed.managed-by": "faasfed", "io.faasfed.role": "network"}
                }
                """));
    }

    @Test
    void singleHostModeOnASwarmManagerStillCreatesABridge() {
        stub().swarmManager();
        noNetworksAndCreateAnswers();

        NetworkPlan plan = setup().apply(request(NetworkSpec.named("faasnet"), ModeChoice.SINGLE_HOST, false, Optional.empty()),
                Progress.SILENT).block(WAIT);

        assertThat(plan.detection().reason()).contains("--mode single-host").contains("Swarm manager");
        JsonNode body = stub().only("POST", "/networks/create").json();
        assertThat(body.path("Driver").asText()).isEqualTo("bridge");
        assertThat(body.path("Attachable").isMissingNode() || body.path("Attachable").isNull()).isTrue();
    }

    @Test
    void initSwarmSendsSwarmInitWithListenAndAdvertiseAddressesBeforeCreatingTheOverlay() throws Exception {
        stub().noSwarm();
        noNetworksAndCreateAnswers();
        stub().on("POST", "/swarm/init", Reply.json(200, "\"" + RecordingDockerStub.NODE_ID + "\""));

        NetworkPlan plan = setup().apply(request(NetworkSpec.named("faasnet"), ModeChoice.AUTO, true, Optional.of("127.0.0.1")),
                Progress.SILENT).block(WAIT);

        assertThat(plan.changes()).extracting(Change::action)
                .containsExactly(Change.Action.INIT_SWARM, Change.Action.CREATE_NETWORK);
        JsonNode init = withoutNulls(stub().only("POST", "/swarm/init").json());
        assertThat(init.path("ListenAddr").asText()).isEqualTo("0.0.0.0:2377");
        assertThat(init.path("AdvertiseAddr").asText()).isEqualTo("127.0.0.1");
        assertThat(init.path("ForceNewCluster").asBoolean()).isFalse();
        assertThat(init.path("Spec")).isEqualTo(JSON.createObjectNode());
        assertThat(stub().requests()).extracting(RecordedRequest::path).endsWith("/swarm/init", "/networks/create");
        JsonNode create = stub().only("POST", "/networks/create").json();
        assertThat(create.path("Driver").asText()).isEqualTo("overlay");
        assertThat(create.path("Attachable").asBoolean()).isTrue();
    }

    @Test
    void initSwarmWithoutAnAdvertiseAddressLetsTheEngineChooseAndSaysWhatToPassWhenItCannot() {
        stub().noSwarm();
        noNetworksAndCreateAnswers();
        stub().on("POST", "/swarm/init", Reply.error(400, "could not choose an IP address to advertise since this system "
                + "has multiple addresses on different interfaces (10.0.0.5 on eth0 and 192.168.1.7 on eth1)"));

        assertThatThrownBy(() -> setup().apply(request(NetworkSpec.named("faasnet"), ModeChoice.SWARM, true, Optional.empty()),
                Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NOT_A_SWARM_MANAGER);
                    assertThat(e.getMessage()).contains("could not choose an IP address to advertise");
                    assertThat(e.hint()).contains("--advertise-addr");
                });
        JsonNode init = stub().only("POST", "/swarm/init").json();
        assertThat(init.path("AdvertiseAddr").isMissingNode() || init.path("AdvertiseAddr").isNull()).isTrue();
        assertThat(stub().requests("POST", "/networks/create")).isEmpty();
    }

    @Test
    void planOnlyReads() {
        stub().swarmManager();
        noNetworksAndCreateAnswers();

        NetworkPlan plan = setup().plan(NetworkRequest.of(encryptedWithAddresses()), Progress.SILENT).block(WAIT);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Change.Action.CREATE_NETWORK);
        assertThat(plan.changes().get(0).description()).contains("attachable overlay network faasnet", "subnet 10.89.0.0/24",
                "gateway 10.89.0.1", "encrypted");
        assertThat(stub().requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void anExistingEncryptedOverlayOfOursSatisfiesEncryptedAndNothingIsSent() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of(DockerObjects.network("n1", "faasnet").overlay().attachable()
                .managed().encrypted().subnet("10.89.0.0/24", "10.89.0.1").toMap())));

        NetworkPlan plan = setup().apply(NetworkRequest.of(encryptedWithAddresses()), Progress.SILENT).block(WAIT);

        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.existing()).hasValueSatisfying(n -> assertThat(n.encrypted()).isTrue());
        assertThat(stub().requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void aNetworkTheSwarmIsStillAllocatingIsListedAgainUntilItHasItsDriver() {
        stub().swarmManager();
        stub().onSequence("GET", "/networks",
                Reply.json(200, List.of(DockerObjects.network("n1", "faasnet").overlay().attachable().managed().encrypted()
                        .subnet("10.89.0.0/24", "10.89.0.1").unallocated().toMap())),
                Reply.json(200, List.of(DockerObjects.network("n1", "faasnet").overlay().attachable().managed().encrypted()
                        .subnet("10.89.0.0/24", "10.89.0.1").toMap())));

        NetworkPlan plan = setup().apply(NetworkRequest.of(encryptedWithAddresses()), Progress.SILENT).block(WAIT);

        assertThat(plan.upToDate()).isTrue();
        assertThat(stub().requests("GET", "/networks")).hasSize(2);
    }

    @Test
    void anExistingUnencryptedOverlayIsAConflictForEncrypted() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of(DockerObjects.network("n1", "faasnet").overlay().attachable()
                .managed().toMap())));
        NetworkSpec encrypted = new NetworkSpec("faasnet", Optional.empty(), Optional.empty(), true, false);

        assertThatThrownBy(() -> setup().apply(NetworkRequest.of(encrypted), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("Network faasnet exists but is not encrypted.");
                    assertThat(e.hint()).contains("destroy and apply again with --encrypted");
                });
        assertThat(stub().requests("POST", "/networks/create")).isEmpty();
    }

    @Test
    void twoNetworksOfTheNameAreAConflictThatNamesBoth() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of(
                DockerObjects.network("aaaaaaaaaaaa1111", "faasnet").overlay().attachable().managed().toMap(),
                DockerObjects.network("bbbbbbbbbbbb2222", "faasnet").bridge().toMap())));

        assertThatThrownBy(() -> setup().apply(NetworkRequest.of(NetworkSpec.named("faasnet")), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_CONFLICT);
                    assertThat(e.getMessage()).contains("2 networks are called faasnet", "aaaaaaaaaaaa overlay/swarm",
                            "bbbbbbbbbbbb bridge/local");
                    assertThat(e.hint()).contains("docker network rm");
                });
        assertThat(stub().requests("POST", "/networks/create")).isEmpty();
    }

    @Test
    void encryptedOnAnEngineInNoSwarmIsRefusedBeforeAnythingIsSent() {
        stub().noSwarm();
        noNetworksAndCreateAnswers();
        NetworkSpec encrypted = new NetworkSpec("faasnet", Optional.empty(), Optional.empty(), true, false);

        assertThatThrownBy(() -> setup().apply(NetworkRequest.of(encrypted), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("--encrypted needs an overlay network");
                });
        assertThat(stub().requests("POST", "/networks/create")).isEmpty();
    }

    @Test
    void aNetworkCreatedMeanwhileIsAConflictThatSaysToPlanAgain() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of()));
        stub().on("POST", "/networks/create", Reply.error(409, "network with name faasnet already exists"));

        assertThatThrownBy(() -> setup().apply(NetworkRequest.of(NetworkSpec.named("faasnet")), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_CONFLICT);
                    assertThat(e.getMessage()).contains("appeared while faasfed was creating it",
                            "network with name faasnet already exists");
                    assertThat(e.hint()).contains("faasfed network plan");
                });
    }

    @Test
    void aSubnetTheEngineFindsTakenIsAnOverlapWithItsMessage() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of()));
        stub().on("POST", "/networks/create", Reply.error(403, "Pool overlaps with other one on this address space"));
        NetworkSpec spec = new NetworkSpec("faasnet", Optional.of(Subnet.parse("10.89.0.0/24")), Optional.empty(), false, false);

        assertThatThrownBy(() -> setup().apply(NetworkRequest.of(spec), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.SUBNET_OVERLAP);
                    assertThat(e.getMessage()).contains("Pool overlaps with other one on this address space");
                    assertThat(e.hint()).contains("leave --subnet out");
                });
    }

    /** docker-java writes unset fields as null, which the engine reads as absent: compare what is really set. */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            var copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }
}

package io.faasfed.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.faasfed.network.testing.DockerObjects;
import io.faasfed.network.testing.RecordedRequest;
import io.faasfed.network.testing.RecordingDockerStub;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;

/**
 * The engine's answers faasfed must turn into errors people can act on, and the retries it makes, against a recording
 * stub: swarm roles the machine here cannot take (a worker, a locked swarm), refusals, failures and a host that
 * refuses connections.
 */
class EngineAgainstStubTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SERVICE_ID = "kq3pj7c0f5r2b8n4m6x1z9y0w";
    private static final String NOT_A_MANAGER = "This node is not a swarm manager. Use \"docker swarm init\" or "
            + "\"docker swarm join\" to connect this node to swarm and try again.";

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    private RecordingDockerStub stub() {
        return docker.stub();
    }

    private NetworkSetup setup() {
        return new NetworkSetup(docker.engine());
    }

    @Test
    void stateReadsTheVersionAndTheSwarmRoleOfAManager() {
        stub().swarmManager();

        EngineState state = docker.engine().state().block(WAIT);

        assertThat(state.serverVersion()).isEqualTo(RecordingDockerStub.ENGINE_VERSION);
        assertThat(state.maxApiVersion()).isEqualTo("1.41");
        assertThat(state.swarmRole()).isEqualTo(SwarmRole.MANAGER);
        assertThat(state.swarmState()).isEqualTo("active");
        assertThat(state.nodeId()).isEqualTo(RecordingDockerStub.NODE_ID);
        assertThat(state.host()).isEqualTo(stub().host());
    }

    @Test
    void aSwarmWorkerIsNotAManagerAndTheHintSaysToPointAtOne() {
        stub().swarmWorker();
        stub().on("GET", "/networks", Reply.json(200, List.of()));

        assertThat(docker.engine().state().block(WAIT).swarmRole()).isEqualTo(SwarmRole.WORKER);
        for (ModeChoice mode : List.of(ModeChoice.AUTO, ModeChoice.SWARM)) {
            assertThatThrownBy(() -> setup().apply(new NetworkRequest(NetworkSpec.named("faasnet"), mode, true, Optional.empty()),
                    Progress.SILENT).block(WAIT))
                    .as("--mode %s", mode)
                    .isInstanceOfSatisfying(SetupException.class, e -> {
                        assertThat(e.problem()).isEqualTo(SetupProblem.NOT_A_SWARM_MANAGER);
                        assertThat(e.getMessage()).contains("Swarm worker");
                        assertThat(e.hint()).contains("at a manager node");
                    });
        }
        assertThat(stub().requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    }

    @Test
    void aLockedSwarmSaysToUnlockIt() {
        stub().swarmState("locked");

        assertThat(docker.engine().state().block(WAIT).swarmRole()).isEqualTo(SwarmRole.UNAVAILABLE);
        assertThatThrownBy(() -> setup().plan(NetworkRequest.of(NetworkSpec.named("faasnet")), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NOT_A_SWARM_MANAGER);
                    assertThat(e.getMessage()).contains("swarm is locked");
                    assertThat(e.hint()).contains("docker swarm unlock");
                });
    }

    @Test
    void aPendingOrFailedSwarmIsNotUsable() {
        for (String state : List.of("pending", "error")) {
            stub().swarmState(state);
            assertThatThrownBy(() -> setup().plan(NetworkRequest.of(NetworkSpec.named("faasnet")), Progress.SILENT).block(WAIT))
                    .as(state)
                    .isInstanceOfSatisfying(SetupException.class, e -> {
                        assertThat(e.problem()).isEqualTo(SetupProblem.NOT_A_SWARM_MANAGER);
                        assertThat(e.getMessage()).contains("swarm is " + state);
                    });
        }
    }

    @Test
    void swarmModeOnAnEngineInNoSwarmSaysHowToMakeOne() {
        stub().noSwarm();

        assertThatThrownBy(() -> setup().plan(new NetworkRequest(NetworkSpec.named("faasnet"), ModeChoice.SWARM, false,
                Optional.empty()), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NOT_A_SWARM_MANAGER);
                    assertThat(e.hint()).contains("docker swarm init", "--init-swarm", "--mode single-host");
                });
    }

    @Test
    void anEngineAnsweringNotASwarmManagerIsNotASwarmManager() {
        stub().swarmManager();
        stub().on("GET", "/services", Reply.error(503, NOT_A_MANAGER));

        assertThatThrownBy(() -> docker.engine().servicesOn("n1", "faasnet").collectList().block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NOT_A_SWARM_MANAGER);
                    assertThat(e.getMessage()).contains("This node is not a swarm manager");
                    assertThat(e.hint()).contains("docker swarm init");
                });
    }

    @Test
    void anEngineFailureIsAnEngineErrorQuotingTheEngineWithoutAStackTrace() {
        stub().swarmManager();
        stub().on("GET", "/networks", Reply.json(200, List.of()));
        stub().on("POST", "/networks/create", Reply.error(500,
                "failed to allocate network IDs: \"vxlan\" id pool exhausted"));

        assertThatThrownBy(() -> setup().apply(NetworkRequest.of(NetworkSpec.named("faasnet")), Progress.SILENT).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.ENGINE_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Docker refused to create network faasnet (HTTP 500): "
                            + "failed to allocate network IDs: \"vxlan\" id pool exhausted");
                    assertThat(e.getMessage()).doesNotContain("Exception", "\tat ", "com.github", "Status 500");
                    assertThat(e.hint()).isNotBlank();
                });
    }

    @Test
    void anEngineFailureWithoutAJsonBodyKeepsItsText() {
        stub().on("GET", "/info", Reply.text(500, "internal server error\n"));

        assertThatThrownBy(() -> docker.engine().state().block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.ENGINE_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Docker refused to read the engine's version (HTTP 500): "
                            + "internal server error");
                });
    }

    @Test
    void aHostThatRefusesConnectionsIsUnreachableWithTheDockerHostHint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        DockerEndpoint nowhere = DockerEndpoint.of("tcp://127.0.0.1:" + port);
        try (Engine engine = Engine.connect(nowhere)) {
            assertThatThrownBy(() -> engine.state().block(WAIT))
                    .isInstanceOfSatisfying(SetupException.class, e -> {
                        assertThat(e.problem()).isEqualTo(SetupProblem.DOCKER_UNREACHABLE);
                        assertThat(e.getMessage()).startsWith("No Docker engine answers at tcp://127.0.0.1:" + port + " (");
                        assertThat(e.getMessage()).containsIgnoringCase("refused");
                        assertThat(e.hint()).contains("DOCKER_HOST", "tcp://");
                    });
        }
    }

    @Test
    void aServiceUpdateOutOfSequenceIsReadAgainAndSentWithTheNewVersion() {
        stub().onSequence("GET", "/services/{id}",
                Reply.json(200, service(7)), Reply.json(200, service(8)));
        stub().onSequence("POST", "/services/{id}/update",
                Reply.error(500, "rpc error: code = Unknown desc = update out of sequence"),
                Reply.json(200, Map.of("Warnings", List.of())));

        docker.engine().updateService(SERVICE_ID, spec -> spec).block(WAIT);

        assertThat(stub().requests("GET", "/services/{id}")).hasSize(2);
        assertThat(stub().requests("POST", "/services/{id}/update"))
                .extracting(r -> r.queryParameter("version").orElse(""))
                .containsExactly("7", "8");
    }

    @Test
    void aServiceUpdateOutOfSequenceThreeTimesGivesUpWithTheEnginesWords() {
        stub().on("GET", "/services/{id}", Reply.json(200, service(7)));
        stub().on("POST", "/services/{id}/update", Reply.error(500, "rpc error: code = Unknown desc = update out of sequence"));

        assertThatThrownBy(() -> docker.engine().updateService(SERVICE_ID, spec -> spec).block(WAIT))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.ENGINE_ERROR);
                    assertThat(e.getMessage()).contains("update service " + SERVICE_ID, "update out of sequence");
                });
        assertThat(stub().requests("POST", "/services/{id}/update")).hasSize(3);
    }

    @Test
    void anotherServiceUpdateFailureIsNotRetried() {
        stub().on("GET", "/services/{id}", Reply.json(200, service(7)));
        stub().on("POST", "/services/{id}/update", Reply.error(400, "rpc error: code = InvalidArgument desc = port "
                + "'8080' is already in use by service 'other'"));

        assertThatThrownBy(() -> docker.engine().updateService(SERVICE_ID, spec -> spec).block(WAIT))
                .isInstanceOf(SetupException.class);
        assertThat(stub().requests("POST", "/services/{id}/update")).hasSize(1);
    }

    @Test
    void servicesOnFindsAttachmentsByNetworkIdOrName() {
        stub().on("GET", "/services", Reply.json(200, List.of(
                DockerObjects.service("s1", 1, DockerObjects.plainServiceSpec("by-id", List.of(DockerObjects.attachment("n1")))),
                DockerObjects.service("s2", 1, DockerObjects.plainServiceSpec("by-name", List.of(DockerObjects.attachment("faasnet")))),
                DockerObjects.service("s3", 1, DockerObjects.plainServiceSpec("elsewhere", List.of(DockerObjects.attachment("n2")))),
                DockerObjects.service("s4", 1, DockerObjects.plainServiceSpec("nowhere", List.of())))));

        List<Engine.ServiceRef> on = docker.engine().servicesOn("n1", "faasnet").collectList().block(WAIT);

        assertThat(on).containsExactly(new Engine.ServiceRef("s1", "by-id"), new Engine.ServiceRef("s2", "by-name"));
    }

    @Test
    void inspectOfANetworkThatIsGoneIsEmpty() {
        stub().on("GET", "/networks/{id}", Reply.error(404, "network faasnet not found"));

        assertThat(docker.engine().inspect("faasnet").blockOptional(WAIT)).isEmpty();
        assertThat(stub().only("GET", "/networks/{id}")).extracting(RecordedRequest::path).isEqualTo("/networks/faasnet");
    }

    private static Map<String, Object> service(long version) {
        return DockerObjects.service(SERVICE_ID, version, DockerObjects.vipServiceSpec("func_gateway",
                List.of(DockerObjects.attachment("n1", "gateway"))));
    }
}

package io.faasfed.network.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.testing.RecordedRequest;
import io.faasfed.network.testing.RecordingDockerStub;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;

/**
 * The requests {@link ExternalSecrets} and {@link StackReadiness} send for {@code faasfed bootstrap}, checked against
 * the Engine API v1.41 document by {@link StubbedEngine}; and how readiness reads tasks and container health.
 */
class BootstrapRequestShapesTest {

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    @TempDir
    Path dir;

    @Test
    void externalSecretsAreFoundByExactNameAndAMissingOneIsCreatedLabelledWithItsValueOnlyInTheBody() throws Exception {
        Path file = Files.writeString(dir.resolve("stack.yml"), """
                services:
                  web:
                    image: local/faasfed-busybox:1
                    secrets: [faasfed-admin-key, basic-auth-user]
                secrets:
                  faasfed-admin-key:
                    external: true
                    name: demo-admin-key
                  basic-auth-user:
                    external: true
                """);
        StackDefinition definition = StackFiles.read(List.of(file), Map.of());
        docker.stub().on("GET", "/secrets", (request, vars) -> Reply.json(200,
                request.queryParameter("filters").orElse("").contains("basic-auth-user")
                        ? List.of(Map.of("ID", "s1", "Spec", Map.of("Name", "basic-auth-user")))
                        // the engine's name filter matches parts of names: another secret is not ours
                        : List.of(Map.of("ID", "s2", "Spec", Map.of("Name", "demo-admin-key-old")))));
        docker.stub().on("POST", "/secrets/create", Reply.json(201, Map.of("ID", "new1")));
        ExternalSecrets secrets = new ExternalSecrets(docker.engine());

        List<ExternalSecrets.Found> found = secrets.survey(definition).block(Duration.ofSeconds(30));

        assertThat(found).containsExactly(
                new ExternalSecrets.Found("faasfed-admin-key", "demo-admin-key", SecretKind.ADMIN_KEY, false),
                new ExternalSecrets.Found("basic-auth-user", "basic-auth-user", SecretKind.USER, true));

        String id = secrets.create("demo-admin-key", "ffk_abc_" + "k".repeat(40), "demo").block(Duration.ofSeconds(30));

        assertThat(id).isEqualTo("new1");
        JsonNode body = docker.stub().only("POST", "/secrets/create").json();
        assertThat(body.path("Name").asText()).isEqualTo("demo-admin-key");
        assertThat(body.path("Labels").path("io.faasfed.managed-by").asText()).isEqualTo("faasfed");
        // The stack's namespace: faasfed stack rm removes what bootstrap made for it.
        assertThat(body.path("Labels").path("com.docker.stack.namespace").asText()).isEqualTo("demo");
        assertThat(new String(Base64.getDecoder().decode(body.path("Data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("ffk_abc_" + "k".repeat(40));
    }

    @Test
    void aServiceIsReadyWhenItsTasksRunAndTheLocalContainersAreHealthy() {
        docker.stub().swarmManager();
        services(2);
        docker.stub().on("GET", "/tasks", Reply.json(200, List.of(
                task("t1", RecordingDockerStub.NODE_ID, "c1", "running", ""),
                task("t2", "othernode", "c2", "running", ""))));
        docker.stub().on("GET", "/containers/{id}/json", Reply.json(200, Map.of("Id", "c1",
                "State", Map.of("Status", "running", "Health", Map.of("Status", "healthy", "Log", List.of())))));

        List<ServiceReadiness> ready = new StackReadiness(docker.engine())
                .await("demo", Duration.ofSeconds(30), Duration.ofMillis(200), Progress.SILENT).block(Duration.ofSeconds(60));

        assertThat(ready).containsExactly(new ServiceReadiness("demo_web", 2, 2, true, 2, ""));
        assertThat(ready.get(0).describe()).isEqualTo("2/2 healthy");
        RecordedRequest services = docker.stub().requests("GET", "/services").get(0);
        assertThat(services.queryParameter("filters")).contains("{\"label\":[\"com.docker.stack.namespace=demo\"]}");
        RecordedRequest tasks = docker.stub().requests("GET", "/tasks").get(0);
        assertThat(tasks.queryParameter("filters")).contains("{\"desired-state\":[\"running\"],\"service\":[\"demo_web\"]}");
        // only the container on this node is inspected
        assertThat(docker.stub().requests("GET", "/containers/{id}/json")).allSatisfy(r -> assertThat(r.path()).contains("/c1/"));
    }

    @Test
    void aServiceThatStaysUnhealthyTimesOutNamingItAndTheHealthChecksOutput() {
        docker.stub().swarmManager();
        services(1);
        docker.stub().on("GET", "/tasks", Reply.json(200, List.of(task("t1", RecordingDockerStub.NODE_ID, "c1", "running", ""))));
        docker.stub().on("GET", "/containers/{id}/json", Reply.json(200, Map.of("Id", "c1", "State", Map.of("Status", "running",
                "Health", Map.of("Status", "unhealthy", "Log", List.of(Map.of("ExitCode", 1, "Output", "wget: can't connect\n")))))));

        assertThatThrownBy(() -> new StackReadiness(docker.engine())
                .await("demo", Duration.ofSeconds(2), Duration.ofMillis(500), Progress.SILENT).block(Duration.ofSeconds(60)))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.STACK_NOT_READY);
                    assertThat(e.getMessage()).contains("Stack demo was not ready after 2 s: demo_web (1/1 running, 0 healthy; "
                            + "last task error: health check: wget: can't connect)");
                    assertThat(e.hint()).contains("faasfed stack status --stack demo");
                });
    }

    private void services(int replicas) {
        docker.stub().on("GET", "/services", Reply.json(200, List.of(Map.of("ID", "svc1", "Spec", Map.of("Name", "demo_web",
                "Mode", Map.of("Replicated", Map.of("Replicas", replicas)),
                // the engine answers with its Go field's name, Healthcheck
                "TaskTemplate", Map.of("ContainerSpec", Map.of("Image", "local/faasfed-busybox:1",
                        "Healthcheck", Map.of("Test", List.of("CMD", "true")))))))));
    }

    private static Map<String, Object> task(String id, String node, String container, String state, String err) {
        return Map.of("ID", id, "NodeID", node, "DesiredState", "running", "UpdatedAt", "2026-12-02T07:00:00Z",
                "Status", Map.of("State", state, "Err", err, "ContainerStatus", Map.of("ContainerID", container)));
    }
}

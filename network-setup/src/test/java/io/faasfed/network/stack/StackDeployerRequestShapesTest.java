package io.faasfed.network.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.faasfed.network.Progress;
import io.faasfed.network.SetupException;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.stack.StackPlan.Action;
import io.faasfed.network.testing.RecordedRequest;
import io.faasfed.network.testing.RecordingDockerStub.Reply;
import io.faasfed.network.testing.StubbedEngine;

/** The requests {@link StackDeployer} sends, checked against the Engine API v1.41 document by {@link StubbedEngine}. */
class StackDeployerRequestShapesTest {

    static final String STACK_FILE = """
            services:
              web:
                image: local/faasfed-busybox:1
                command: ["httpd", "-f", "-p", "8080"]
                environment:
                  MODE: test
                labels:
                  app: web
                networks:
                  faasnet:
                    aliases: [www]
                secrets:
                  - source: token
                    target: token
                    uid: "10001"
                    gid: "10002"
                    mode: 0400
                healthcheck:
                  test: ["CMD", "wget", "-q", "-O-", "http://localhost:8080/"]
                  interval: 10s
                  timeout: 3s
                  retries: 3
                  start_period: 1m30s
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  labels:
                    tier: front
                  update_config: {parallelism: 1, delay: 5s, order: start-first, failure_action: rollback}
                  rollback_config: {parallelism: 1}
                  restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3, window: 30s}
                  resources:
                    limits: {cpus: "0.5", memory: 64M}
                    reservations: {memory: 16M}
                  placement:
                    constraints: ["node.role == manager"]
            networks:
              faasnet:
                external: true
                name: fft-stack
            secrets:
              token:
                file: ./token.txt
            """;

    @RegisterExtension
    final StubbedEngine docker = new StubbedEngine();

    @TempDir
    Path dir;

    private StackDefinition definition() throws IOException {
        Files.writeString(dir.resolve("token.txt"), "s3cret");
        Path file = Files.writeString(dir.resolve("stack.yml"), STACK_FILE);
        return StackFiles.read(List.of(file), Map.of());
    }

    private void networkExists() {
        docker.stub().on("GET", "/networks", Reply.json(200, List.of(Map.of("Id", "n1", "Name", "fft-stack", "Driver", "overlay",
                "Scope", "swarm", "Attachable", true))));
    }

    @Test
    void aFirstDeployCreatesTheSecretAndTheServiceWithEveryField() throws IOException {
        networkExists();
        docker.stub().onSequence("GET", "/secrets", Reply.json(200, List.of()), Reply.json(200, List.of(
                Map.of("ID", "sec1", "Spec", Map.of("Name", "demo_token")))));
        docker.stub().on("POST", "/secrets/create", Reply.json(201, Map.of("ID", "sec1")));
        docker.stub().on("GET", "/services", Reply.json(200, List.of()));
        docker.stub().on("POST", "/services/create", Reply.json(201, Map.of("ID", "svc1")));

        StackPlan plan = new StackDeployer(docker.engine()).deploy(definition(), "demo", Progress.SILENT)
                .block(Duration.ofSeconds(30));

        assertThat(plan.changes()).extracting(StackPlan.Change::kind, StackPlan.Change::name, StackPlan.Change::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("network", "fft-stack", Action.UNCHANGED),
                        org.assertj.core.groups.Tuple.tuple("secret", "demo_token", Action.CREATE),
                        org.assertj.core.groups.Tuple.tuple("service", "demo_web", Action.CREATE));
        JsonNode secret = docker.stub().only("POST", "/secrets/create").json();
        assertThat(secret.path("Name").asText()).isEqualTo("demo_token");
        assertThat(secret.path("Data").asText()).isEqualTo("czNjcmV0");
        assertThat(secret.path("Labels").path("io.faasfed.managed-by").asText()).isEqualTo("faasfed");
        assertThat(secret.path("Labels").path("com.docker.stack.namespace").asText()).isEqualTo("demo");

        JsonNode spec = docker.stub().only("POST", "/services/create").json();
        assertThat(spec.path("Name").asText()).isEqualTo("demo_web");
        assertThat(spec.path("Labels").path("io.faasfed.managed-by").asText()).isEqualTo("faasfed");
        assertThat(spec.path("Labels").path("com.docker.stack.namespace").asText()).isEqualTo("demo");
        assertThat(spec.path("Labels").path("tier").asText()).isEqualTo("front");
        assertThat(spec.path("Labels").path(StackDeployer.SPEC_HASH).asText()).hasSize(64);
        assertThat(spec.path("Mode").path("Replicated").path("Replicas").asInt()).isEqualTo(2);
        assertThat(spec.path("EndpointSpec").path("Mode").asText()).isEqualTo("dnsrr");
        JsonNode task = spec.path("TaskTemplate");
        JsonNode container = task.path("ContainerSpec");
        assertThat(container.path("Image").asText()).isEqualTo("local/faasfed-busybox:1");
        // Compose's command is the task's Args, as docker stack deploy sends it: the image's entrypoint stays.
        assertThat(container.path("Args").toString()).isEqualTo("[\"httpd\",\"-f\",\"-p\",\"8080\"]");
        assertThat(container.has("Command")).isFalse();
        assertThat(container.path("Env").toString()).isEqualTo("[\"MODE=test\"]");
        assertThat(container.path("Labels").path("app").asText()).isEqualTo("web");
        assertThat(container.path("Secrets").get(0).path("SecretID").asText()).isEqualTo("sec1");
        assertThat(container.path("Secrets").get(0).path("SecretName").asText()).isEqualTo("demo_token");
        assertThat(container.path("Secrets").get(0).path("File").path("Name").asText()).isEqualTo("token");
        assertThat(container.path("Secrets").get(0).path("File").path("Mode").asInt()).isEqualTo(0400);
        // Owned by the image's unprivileged user, so a 0400 file is still readable by it.
        assertThat(container.path("Secrets").get(0).path("File").path("UID").asText()).isEqualTo("10001");
        assertThat(container.path("Secrets").get(0).path("File").path("GID").asText()).isEqualTo("10002");
        assertThat(container.path("HealthCheck").path("Interval").asLong()).isEqualTo(10_000_000_000L);
        assertThat(container.path("HealthCheck").path("StartPeriod").asLong()).isEqualTo(90_000_000_000L);
        assertThat(container.path("HealthCheck").path("Retries").asInt()).isEqualTo(3);
        assertThat(task.path("Networks").get(0).path("Target").asText()).isEqualTo("fft-stack");
        assertThat(task.path("Networks").get(0).path("Aliases").toString()).isEqualTo("[\"web\",\"www\"]");
        assertThat(task.path("RestartPolicy").path("Condition").asText()).isEqualTo("on-failure");
        assertThat(task.path("RestartPolicy").path("MaxAttempts").asInt()).isEqualTo(3);
        assertThat(task.path("Resources").path("Limits").path("NanoCPUs").asLong()).isEqualTo(500_000_000L);
        assertThat(task.path("Resources").path("Limits").path("MemoryBytes").asLong()).isEqualTo(64L * 1024 * 1024);
        assertThat(task.path("Resources").path("Reservations").path("MemoryBytes").asLong()).isEqualTo(16L * 1024 * 1024);
        assertThat(task.path("Placement").path("Constraints").toString()).isEqualTo("[\"node.role == manager\"]");
        assertThat(spec.path("UpdateConfig").path("Order").asText()).isEqualTo("start-first");
        assertThat(spec.path("UpdateConfig").path("FailureAction").asText()).isEqualTo("rollback");
        assertThat(spec.path("UpdateConfig").path("Delay").asLong()).isEqualTo(5_000_000_000L);
        assertThat(spec.path("RollbackConfig").path("Parallelism").asInt()).isEqualTo(1);
    }

    @Test
    void aSecondDeployOfTheSameSpecSendsNoChangeAndAChangedSpecIsUpdated() throws IOException {
        networkExists();
        docker.stub().on("POST", "/secrets/create", Reply.json(201, Map.of("ID", "sec1")));
        docker.stub().on("POST", "/services/create", Reply.json(201, Map.of("ID", "svc1")));
        docker.stub().on("GET", "/secrets", Reply.json(200, List.of()));
        docker.stub().on("GET", "/services", Reply.json(200, List.of()));
        StackDeployer deployer = new StackDeployer(docker.engine());
        StackDefinition definition = definition();
        deployer.deploy(definition, "demo", Progress.SILENT).block(Duration.ofSeconds(30));
        JsonNode created = docker.stub().only("POST", "/services/create").json();
        String secretHash = docker.stub().only("POST", "/secrets/create").json().path("Labels").path(StackDeployer.SPEC_HASH).asText();

        docker.stub().clearRequests();
        docker.stub().on("GET", "/secrets", Reply.json(200, List.of(Map.of("ID", "sec1",
                "Spec", Map.of("Name", "demo_token", "Labels", Map.of(StackDeployer.SPEC_HASH, secretHash))))));
        docker.stub().on("GET", "/services", Reply.json(200, List.of(Map.of("ID", "svc1", "Version", Map.of("Index", 7),
                "Spec", new ObjectMapper().convertValue(created, Map.class)))));

        StackPlan again = deployer.deploy(definition, "demo", Progress.SILENT).block(Duration.ofSeconds(30));

        assertThat(again.changed()).isFalse();
        assertThat(docker.stub().requests()).noneMatch(r -> r.method().equals("POST"));

        docker.stub().clearRequests();
        docker.stub().on("GET", "/services/{id}", Reply.json(200, Map.of("ID", "svc1", "Version", Map.of("Index", 7),
                "Spec", new ObjectMapper().convertValue(created, Map.class))));
        docker.stub().on("POST", "/services/{id}/update", Reply.json(200, Map.of("Warnings", List.of())));
        StackDefinition changed = StackFiles.read(List.of(Files.writeString(dir.resolve("stack.yml"),
                STACK_FILE.replace("replicas: 2", "replicas: 3"))), Map.of());

        StackPlan update = deployer.deploy(changed, "demo", Progress.SILENT).block(Duration.ofSeconds(30));

        assertThat(update.changes()).filteredOn(c -> c.kind().equals("service")).singleElement()
                .extracting(StackPlan.Change::action).isEqualTo(Action.UPDATE);
        RecordedRequest sent = docker.stub().only("POST", "/services/{id}/update");
        assertThat(sent.queryParameter("version")).contains("7");
        assertThat(sent.json().path("Mode").path("Replicated").path("Replicas").asInt()).isEqualTo(3);
        assertThat(sent.json().path("TaskTemplate").path("ContainerSpec").path("Secrets").get(0).path("SecretID").asText())
                .isEqualTo("sec1");
        assertThat(sent.json().path("Labels").path(StackDeployer.SPEC_HASH).asText())
                .isNotEqualTo(created.path("Labels").path(StackDeployer.SPEC_HASH).asText());
        assertThat(docker.stub().requests("POST", "/services/create")).isEmpty();
    }

    @Test
    void aMissingExternalNetworkIsNetworkMissingWithTheApplyHint() throws IOException {
        docker.stub().on("GET", "/networks", Reply.json(200, List.of()));

        assertThatThrownBy(() -> new StackDeployer(docker.engine()).plan(definition(), "demo", Progress.SILENT)
                .block(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(SetupException.class, e -> {
                    assertThat(e.problem()).isEqualTo(SetupProblem.NETWORK_MISSING);
                    assertThat(e.getMessage()).contains("fft-stack");
                    assertThat(e.hint()).contains("faasfed network apply");
                });
        assertThat(docker.stub().requests()).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void statusCountsRunningTasksAndNamesTheNewestErrorOfAStuckService() {
        docker.stub().on("GET", "/services", Reply.json(200, List.of(Map.of("ID", "svc1", "Spec", Map.of("Name", "demo_web",
                "Mode", Map.of("Replicated", Map.of("Replicas", 2)),
                "TaskTemplate", Map.of("ContainerSpec", Map.of("Image", "local/faasfed-busybox:1")))))));
        docker.stub().on("GET", "/tasks", Reply.json(200, List.of(
                Map.of("ID", "t1", "UpdatedAt", "2026-12-02T06:00:00Z", "Status", Map.of("State", "running")),
                Map.of("ID", "t2", "UpdatedAt", "2026-12-02T06:00:05Z", "Status", Map.of("State", "rejected",
                        "Err", "No such image: local/faasfed-busybox:1")),
                Map.of("ID", "t3", "UpdatedAt", "2026-12-02T05:59:00Z", "Status", Map.of("State", "failed", "Err", "older")))));

        List<ServiceStatus> statuses = new StackDeployer(docker.engine()).status("demo", Progress.SILENT)
                .block(Duration.ofSeconds(30));

        assertThat(statuses).containsExactly(new ServiceStatus("demo_web", "local/faasfed-busybox:1", 1, 2,
                "No such image: local/faasfed-busybox:1"));
        assertThat(docker.stub().only("GET", "/services").queryParameter("filters").orElseThrow())
                .contains("com.docker.stack.namespace=demo");
    }

    @Test
    void rmRemovesOnlyWhatIsLabelledAsTheStacksAndFaasfeds() {
        docker.stub().on("GET", "/services", Reply.json(200, List.of(Map.of("ID", "svc1", "Spec", Map.of("Name", "demo_web")))));
        docker.stub().on("DELETE", "/services/{id}", Reply.empty(200));
        docker.stub().on("GET", "/secrets", Reply.json(200, List.of(Map.of("ID", "sec1", "Spec", Map.of("Name", "demo_token")))));
        docker.stub().on("DELETE", "/secrets/{id}", Reply.empty(204));
        docker.stub().on("GET", "/networks", Reply.json(200, List.of()));
        docker.stub().on("GET", "/volumes", Reply.json(200, Map.of("Volumes", List.of(), "Warnings", List.of())));

        List<String> removed = new StackDeployer(docker.engine()).rm("demo", Progress.SILENT).block(Duration.ofSeconds(30));

        assertThat(removed).containsExactly("service demo_web", "secret demo_token");
        for (String list : List.of("/services", "/secrets", "/networks", "/volumes")) {
            assertThat(docker.stub().only("GET", list).queryParameter("filters").orElseThrow()).as(list)
                    .contains("io.faasfed.managed-by=faasfed", "com.docker.stack.namespace=demo");
        }
        assertThat(docker.stub().requests("DELETE", "/networks/{id}")).isEmpty();
    }

    @Test
    void durationsAndSizesAreReadAsComposeWritesThem() {
        assertThat(StackDeployer.nanos("1m30s")).contains(90_000_000_000L);
        assertThat(StackDeployer.nanos("500ms")).contains(500_000_000L);
        assertThat(StackDeployer.nanos("")).isEmpty();
        assertThatThrownBy(() -> StackDeployer.nanos("ten seconds")).isInstanceOf(SetupException.class);
        assertThat(StackDeployer.bytes("256M")).isEqualTo(256L * 1024 * 1024);
        assertThat(StackDeployer.bytes("1g")).isEqualTo(1024L * 1024 * 1024);
        assertThat(StackDeployer.bytes("512")).isEqualTo(512L);
    }
}

package io.faasfed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;

import io.faasfed.network.Engine;
import io.faasfed.network.Labels;
import io.faasfed.network.Progress;
import io.faasfed.network.SetupProblem;
import io.faasfed.network.stack.StackDeployer;
import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * {@code faasfed bootstrap} on the real private swarm: a dry run creates nothing; a bootstrap of a two-service busybox
 * stack makes the network, the admin key secret (and its 0600 file), deploys, waits for both services to be healthy
 * and verifies the gateway stand-in through a probe; a second bootstrap changes nothing; a stack whose service never
 * runs fails at the timeout naming it and its task error. The successful run's output is captured for the docs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootstrapCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETWORK = "fft-boot";
    private static final String STACK = "fft-boot";
    private static final String BROKEN = "fft-broken";
    private static final String SECRET = "fft-boot-admin-key";
    private static final String FORWARDER = "fft-boot-local";

    @TempDir
    Path dir;

    PrivateDockerEngine docker;
    Map<String, String> env;
    Path stackFile;
    Path keyFile;

    @BeforeAll
    void engine() throws URISyntaxException {
        docker = PrivateDockerEngine.shared().swarm();
        cleanUp();
        docker.busyboxImage();
        env = EngineFixture.env(docker);
        Captured.describeEngine(docker.host());
        stackFile = resource("stack.yml");
    }

    @AfterAll
    void cleanUp() {
        if (docker == null) {
            return;
        }
        try (Engine engine = Engine.connect(docker.endpoint())) {
            for (String stack : List.of(STACK, BROKEN)) {
                new StackDeployer(engine).rm(stack, Progress.SILENT).block(Duration.ofMinutes(2));
            }
        }
        DockerClient client = docker.client();
        client.listContainersCmd().withShowAll(true).withNameFilter(List.of(FORWARDER)).exec()
                .forEach(c -> client.removeContainerCmd(c.getId()).withForce(true).exec());
        // The services' tasks hold the secret until they are gone.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (Secret s : client.listSecretsCmd().withNameFilter(List.of(SECRET)).exec()) {
                client.removeSecretCmd(s.getId()).exec();
            }
            assertThat(client.listSecretsCmd().withNameFilter(List.of(SECRET)).exec()).isEmpty();
        });
        docker.cleanUp();
    }

    @Test
    @Order(1)
    void dryRunPrintsThePlanAndCreatesNothing() {
        keyFile = dir.resolve("admin.key");

        Cli.Result run = Cli.run(env, "bootstrap", "--dry-run", "--network", NETWORK, "--stack", STACK,
                "-c", stackFile.toString(), "--admin-key-file", keyFile.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Dry run: nothing was changed", "create attachable overlay network " + NETWORK,
                "+ create", SECRET, "a fresh key, written to " + keyFile, "+ create " + STACK + "_faasfed",
                "+ create " + STACK + "_web", "Run it without --dry-run");
        DockerClient client = docker.client();
        assertThat(client.listNetworksCmd().withNameFilter(NETWORK).exec()).isEmpty();
        assertThat(client.listSecretsCmd().withNameFilter(List.of(SECRET)).exec()).isEmpty();
        assertThat(client.listServicesCmd().withLabelFilter(Map.of(StackDeployer.NAMESPACE, STACK)).exec()).isEmpty();
        assertThat(keyFile).doesNotExist();

        // the federation's own files with local.yml: every external secret they name, each of its kind
        Cli.Result federation = Cli.run(env, "bootstrap", "--dry-run", "--local-images", "--compose-dir",
                Path.of("..", "compose").toString(), "--network", NETWORK, "--stack", "fft-fed", "--admin-key-file",
                keyFile.toString());
        Captured.write("bootstrap-dry-run", federation);

        assertThat(federation.exitCode()).as(federation.err()).isZero();
        assertThat(federation.out()).containsPattern("\\+ create +faasfed-admin-key +faasfed admin key")
                .containsPattern("\\+ create +basic-auth-user +user name 'admin'")
                .containsPattern("\\+ create +basic-auth-password +password")
                .containsPattern("\\+ create +openwhisk-couchdb-password +password")
                .containsPattern("\\+ create +openwhisk-auth-key +OpenWhisk key, 64 letters and digits")
                .contains("+ create fft-fed_faasfed", "+ create fft-fed_fnserver", "+ create fft-fed_faas-swarm");
        assertThat(client.listSecretsCmd().exec()).extracting(secret -> secret.getSpec().getName())
                .doesNotContain("faasfed-admin-key", "basic-auth-user", "basic-auth-password", "openwhisk-couchdb-password",
                        "openwhisk-auth-key");
        assertThat(client.listServicesCmd().withLabelFilter(Map.of(StackDeployer.NAMESPACE, "fft-fed")).exec()).isEmpty();
        assertThat(keyFile).doesNotExist();
    }

    @Test
    @Order(2)
    void bootstrapMakesNetworkSecretAndKeyFileDeploysWaitsAndVerifiesThenChangesNothing() throws Exception {
        keyFile = dir.resolve("admin.key");
        String[] args = {"bootstrap", "--network", NETWORK, "--stack", STACK, "-c", stackFile.toString(),
            "--admin-key-file", keyFile.toString(), "--probe-image", docker.busyboxImage(), "--timeout", "3m",
            "--poll-interval", "1s"};

        Cli.Result first = Cli.run(env, args);
        Captured.write("bootstrap", first);

        assertThat(first.exitCode()).as(first.err()).isZero();
        DockerClient client = docker.client();
        // the network, made and labelled as 'network apply' makes it
        var network = client.listNetworksCmd().withNameFilter(NETWORK).exec();
        assertThat(network).hasSize(1);
        assertThat(network.get(0).getLabels()).containsEntry(Labels.MANAGED_BY, Labels.FAASFED);
        assertThat(network.get(0).isAttachable()).isTrue();
        // the secret, labelled, and the key in a file only its owner reads, in the format the gateway accepts
        List<Secret> secrets = client.listSecretsCmd().withNameFilter(List.of(SECRET)).exec();
        assertThat(secrets).hasSize(1);
        assertThat(secrets.get(0).getSpec().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.FAASFED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        String key = Files.readString(keyFile).strip();
        assertThat(key).matches("ffk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");
        assertGatewayAccepts(key);
        assertThat(first.transcript()).doesNotContain(key.substring(17));
        // both services running, their containers healthy
        for (String service : List.of(STACK + "_faasfed", STACK + "_web")) {
            List<Task> running = client.listTasksCmd().withServiceFilter(service).exec().stream()
                    .filter(t -> t.getStatus().getState() == TaskState.RUNNING).toList();
            assertThat(running).as(service).hasSize(service.endsWith("faasfed") ? 2 : 1);
            for (Task task : running) {
                String container = task.getStatus().getContainerStatus().getContainerID();
                assertThat(client.inspectContainerCmd(container).exec().getState().getHealth().getStatus())
                        .as(service + " task " + task.getId()).isEqualTo("healthy");
            }
        }
        // one progress line per service as it became ready, the summary, the verify that reached the stand-in
        assertThat(first.err()).contains("ok Waiting for " + STACK + "_faasfed \u2014 2/2 healthy",
                "ok Waiting for " + STACK + "_web \u2014 1/1 healthy", "Creating secret " + SECRET);
        assertThat(first.out()).containsPattern(STACK + "_faasfed +2/2 healthy")
                .contains("+ created", SECRET, "+ created " + STACK + "_faasfed", "Verify:   All checks passed",
                        "Gateway:        http://faasfed:8080 (on network " + NETWORK + ")", "Admin key:      " + keyFile,
                        "faasfed stack status --stack " + STACK, "faasfed stack rm --stack " + STACK,
                        "faasfed network destroy --network " + NETWORK);
        assertThat(first.out()).doesNotContain(key);

        // the way to the gateway from the host that the summary prints works, and the secret holds the file's key
        assertThat(first.out()).contains("docker run -d --name faasfed-local --network " + NETWORK
                + " -p 127.0.0.1:8080:8080 " + docker.busyboxImage() + " nc -ll -p 8080 -e nc faasfed 8080");
        int port = startForwarder();
        assertThat(get(port, "/healthz")).isEqualTo("ok");
        assertThat(get(port, "/key").strip()).isEqualTo(key);

        long version = serviceVersion(STACK + "_faasfed");
        Cli.Result again = Cli.run(env, concat("--json", args));
        assertThat(again.exitCode()).as(again.err()).isZero();
        JsonNode doc = JSON.readTree(again.out());
        assertThat(doc.path("changed").asBoolean(true)).isFalse();
        assertThat(doc.path("networkPlan").path("upToDate").asBoolean(false)).isTrue();
        assertThat(doc.path("secrets").get(0).path("action").asText()).isEqualTo("KEEP");
        assertThat(doc.path("stack").path("changed").asBoolean(true)).isFalse();
        assertThat(doc.path("verify").path("passed").asBoolean(false)).isTrue();
        assertThat(again.out()).doesNotContain(key);
        assertThat(serviceVersion(STACK + "_faasfed")).isEqualTo(version);
        assertThat(Files.readString(keyFile).strip()).isEqualTo(key);

        Cli.Result text = Cli.run(env, args);
        Captured.write("bootstrap-again", text);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("Network:  " + NETWORK + " \u2014 no change", "= kept", "exists; never overwritten",
                "no change", "No changes: the federation already ran as the files say.");
    }

    @Test
    @Order(3)
    void aServiceThatNeverRunsFailsAtTheTimeoutNamingItAndItsTaskError() throws Exception {
        Cli.Result run = Cli.run(env, "bootstrap", "--network", NETWORK, "--stack", BROKEN, "-c",
                resource("never-healthy.yml").toString(), "--admin-key-file", dir.resolve("broken.key").toString(),
                "--timeout", "40s", "--poll-interval", "1s", "--skip-verify");
        Captured.write("bootstrap-timeout", run);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(SetupProblem.STACK_NOT_READY.exitCode());
        assertThat(run.err()).contains("failed Waiting for " + BROKEN + "_broken",
                "error: Stack " + BROKEN + " was not ready after 40 s: " + BROKEN + "_broken (0/1 running",
                "last task error: task: non-zero exit (1)", "hint: See 'faasfed stack status --stack " + BROKEN + "'");
        assertThat(dir.resolve("broken.key")).doesNotExist();
    }

    /** The gateway's own rules (ApiKeyToken.parse): id 1-32 of [a-z0-9], secret 32-128 printable ASCII. */
    private static void assertGatewayAccepts(String key) {
        assertThat(key).startsWith("ffk_");
        int separator = key.indexOf('_', 4);
        String id = key.substring(4, separator);
        String secret = key.substring(separator + 1);
        assertThat(id).matches("[a-z0-9]{1,32}");
        assertThat(secret.length()).isBetween(32, 128);
        assertThat(secret.chars()).allMatch(c -> c > ' ' && c < 127);
    }

    /** The forwarder the summary suggests, on a free loopback port; returns the port. */
    private int startForwarder() {
        DockerClient client = docker.client();
        String id = client.createContainerCmd(docker.busyboxImage()).withName(FORWARDER)
                .withCmd("nc", "-ll", "-p", "8080", "-e", "nc", "faasfed", "8080")
                .withExposedPorts(ExposedPort.tcp(8080))
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(NETWORK)
                        .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(8080))))
                .exec().getId();
        client.startContainerCmd(id).exec();
        Ports.Binding[] bound = client.inspectContainerCmd(id).exec().getNetworkSettings().getPorts().getBindings()
                .get(ExposedPort.tcp(8080));
        assertThat(bound[0].getHostIp()).isEqualTo("127.0.0.1");
        return Integer.parseInt(bound[0].getHostPortSpec());
    }

    private static String get(int port, String path) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).isEqualTo(200);
            body[0] = answer.body().strip();
        });
        return body[0];
    }

    private long serviceVersion(String name) {
        List<Service> services = docker.client().listServicesCmd().withNameFilter(List.of(name)).exec();
        assertThat(services).hasSize(1);
        return services.get(0).getVersion().getIndex();
    }

    private Path resource(String name) throws URISyntaxException {
        return Path.of(getClass().getResource("/bootstrap/" + name).toURI());
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}

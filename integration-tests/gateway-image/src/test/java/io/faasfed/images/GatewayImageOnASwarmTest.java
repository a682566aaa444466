package io.faasfed.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.SecretSpec;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;

import io.faasfed.network.Engine;
import io.faasfed.network.NetworkRequest;
import io.faasfed.network.NetworkSetup;
import io.faasfed.network.NetworkSpec;
import io.faasfed.network.Progress;
import io.faasfed.network.image.BuildContext;
import io.faasfed.network.image.ImageBuilder;
import io.faasfed.network.testing.PrivateDockerEngine;

/**
 * The gateway's image as a machine with no registry gets it: a JRE base made from this JDK and imported, the gateway
 * built FROM it with federation-gateway/Dockerfile and the real runnable jar, run as a Swarm service (dnsrr, no image
 * resolution) on an overlay network made by {@link NetworkSetup}, with its admin key a Docker secret it reads from a
 * file; a busybox container on the network reaches it by name.
 */
class GatewayImageOnASwarmTest {

    private static final String NETWORK = "fft-images";
    private static final String JRE = "local/fft-jre:17";
    private static final String GATEWAY = "local/fft-gateway:test";
    private static final String SERVICE = "fft-gateway";
    private static final String SECRET = "fft-admin-key";
    private static final String ADMIN_KEY = "ffk_fftadmin_the-image-test-admin-secret-0123456789";

    private static PrivateDockerEngine docker;
    private static Engine engine;
    private static final List<String> shown = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void swarm() {
        docker = PrivateDockerEngine.shared().swarm();
        docker.cleanUp();
        engine = Engine.connect(docker.endpoint());
    }

    @AfterAll
    static void cleanUp() {
        try {
            docker.cleanUp();
            DockerClient client = docker.client();
            client.listSecretsCmd().withNameFilter(List.of(SECRET)).exec().forEach(s -> ignoreMissing(() -> client.removeSecretCmd(s.getId()).exec()));
            ImageBuilder images = new ImageBuilder(engine, Progress.SILENT);
            images.remove(GATEWAY).then(images.remove(JRE)).block(Duration.ofMinutes(1));
        } finally {
            engine.close();
        }
        System.out.println(String.join("\n", shown));
    }

    @Test
    void theGatewayBuiltFromALocalJreAnswersHealthzByNameOnTheOverlayWithItsAdminKeyFromASecret() throws Exception {
        Path jar = execJar();
        Path dockerfile = Path.of("../../federation-gateway/Dockerfile").toAbsolutePath().normalize();
        ImageBuilder images = new ImageBuilder(engine, recording());

        Instant start = Instant.now();
        String jre;
        try {
            jre = images.localJre(Path.of(System.getProperty("java.home")), ImageBuilder.BUSYBOX, JRE).block(Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            throw new AssertionError("The JRE base was not imported; the engine's log:\n" + docker.log(), e);
        }
        Duration jreTime = Duration.between(start, Instant.now());
        long jreSize = docker.client().inspectImageCmd(JRE).exec().getSize();

        start = Instant.now();
        String gateway = images.build(BuildContext.of(dockerfile, Map.of("target/" + jar.getFileName(), jar)), GATEWAY,
                Map.of("BASE_IMAGE", JRE)).block(Duration.ofMinutes(3));
        Duration buildTime = Duration.between(start, Instant.now());
        System.out.printf("local JRE base %s: %d MB in %d s; gateway image %s in %d s%n", jre, jreSize / 1_000_000,
                jreTime.toSeconds(), gateway, buildTime.toSeconds());
        assertThat(docker.client().inspectImageCmd(GATEWAY).exec().getConfig().getUser()).isEqualTo("10001:10001");

        new NetworkSetup(engine).apply(NetworkRequest.of(NetworkSpec.named(NETWORK)), Progress.SILENT).block(Duration.ofMinutes(1));
        String secretId = docker.client().createSecretCmd(new SecretSpec().withName(SECRET).withData(ADMIN_KEY)).exec().getId();
        docker.client().createServiceCmd(new ServiceSpec().withName(SERVICE)
                .withLabels(Map.of(PrivateDockerEngine.TEST_LABEL, "true"))
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(GATEWAY)
                                .withEnv(List.of("FAASFED_SECURITY_ADMIN_KEY_FILE=/run/secrets/faasfed_admin_key"))
                                .withSecrets(List.of(new ContainerSpecSecret().withSecretId(secretId).withSecretName(SECRET)
                                        .withFile(new ContainerSpecFile().withName("faasfed_admin_key").withUid("0").withGid("0")
                                                .withMode(0444L)))))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(NETWORK))))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)))
                .exec();

        start = Instant.now();
        AtomicInteger probe = new AtomicInteger();
        try {
            await("GET http://" + SERVICE + ":8080/healthz from a container on " + NETWORK)
                    .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3))
                    .until(() -> docker.runToCompletion(NETWORK, "fft-probe-" + probe.incrementAndGet(),
                            List.of("wget", "-q", "-O", "-", "http://" + SERVICE + ":8080/healthz"), Duration.ofSeconds(30)).exitCode() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("The gateway service did not answer; its tasks and their output:\n" + tasks(), e);
        }
        System.out.printf("the gateway service answered /healthz %d s after it was created%n",
                Duration.between(start, Instant.now()).toSeconds());

        // The admin key came from the secret: the key list opens with it and is refused without it.
        PrivateDockerEngine.Run withKey = docker.runToCompletion(NETWORK, "fft-probe-key", List.of("wget", "-q", "-O", "-",
                "--header", "Authorization: Bearer " + ADMIN_KEY, "http://" + SERVICE + ":8080/federation/v1/keys"), Duration.ofSeconds(30));
        PrivateDockerEngine.Run withoutKey = docker.runToCompletion(NETWORK, "fft-probe-nokey", List.of("wget", "-O", "-",
                "http://" + SERVICE + ":8080/federation/v1/keys"), Duration.ofSeconds(30));
        assertThat(withKey.exitCode()).as(withKey.output()).isZero();
        assertThat(withoutKey.exitCode()).isNotZero();
        assertThat(withoutKey.output()).contains("401");
        assertThat(shown).anyMatch(s -> s.startsWith("begin Step ") && s.contains("COPY target/federation-gateway-"));
    }

    /** The service's tasks (state, error) and each one's container output. */
    private static String tasks() {
        StringBuilder out = new StringBuilder();
        DockerClient client = docker.client();
        for (var task : client.listTasksCmd().withServiceFilter(SERVICE).exec()) {
            out.append(task.getStatus().getState()).append(' ').append(task.getStatus().getErr()).append(' ')
                    .append(task.getStatus().getMessage()).append('\n');
            var container = task.getStatus().getContainerStatus();
            if (container != null && container.getContainerID() != null) {
                out.append(docker.logs(container.getContainerID())).append('\n');
            }
        }
        return out.toString();
    }

    /** The gateway's runnable jar on this test's classpath (a dependency with the exec classifier). */
    private static Path execJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName().toString().matches("federation-gateway-.*-exec\\.jar") && Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new AssertionError("The gateway's exec jar is not on the test classpath (run 'verify' so the reactor packages "
                + "federation-gateway first): " + System.getProperty("java.class.path"));
    }

    private static Progress recording() {
        return what -> {
            shown.add("begin " + what);
            return new Progress.Step() {
                @Override
                public void ok(String result) {
                    shown.add("ok " + what + ": " + result);
                }

                @Override
                public void fail(String reason) {
                    shown.add("fail " + what + ": " + reason);
                }
            };
        };
    }

    private static void ignoreMissing(Runnable action) {
        try {
            action.run();
        } catch (NotFoundException gone) {
            // already gone
        }
    }
}

package io.faasfed.network.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import io.faasfed.network.DockerEndpoint;
import io.faasfed.network.Labels;

/**
 * A real Docker engine (Debian's {@code docker.io}) started privately for the tests of this JVM: its own data root,
 * exec root, socket and pid file under {@code /tmp/ffd-*}, {@code vfs} storage, nothing shared touched, stopped
 * (SIGTERM) and removed when the JVM ends.
 *
 * <p>The tests run against it when {@code CI=true}, when {@code FAASFED_DOCKER_TESTS=1}, or when {@code dockerd} is on
 * the PATH and the tests run as root; {@code FAASFED_DOCKER_TESTS=0} turns them off. In CI a missing engine fails the
 * tests (.ci/run installs it); elsewhere they are skipped with a message saying how to enable them.
 *
 * <p>There is no image registry: {@link #busyboxImage()} builds a 2 MB image from Debian's {@code busybox-static}.
 */
public final class PrivateDockerEngine {

    /** The image the tests' containers run: busybox's sh, httpd, wget and nslookup. */
    public static final String BUSYBOX_IMAGE = "local/faasfed-busybox:1";

    /** The label on every container and service a test creates, so each test can clean up after itself. */
    public static final String TEST_LABEL = "io.faasfed.test";

    private static final String HOW_TO_ENABLE = "Real-engine tests are off here. To run them: apt-get install docker.io "
            + "busybox-static, then run the build as root (or with FAASFED_DOCKER_TESTS=1); .ci/run does this in CI.";

    private static PrivateDockerEngine shared;
    private static java.nio.channels.FileLock machineLock;

    private final Path dir;
    private final Process process;
    private final DockerClient client;
    private boolean busyboxBuilt;

    private final DockerEndpoint endpoint;

    private PrivateDockerEngine(Path dir, Process process, DockerClient client, DockerEndpoint endpoint) {
        this.endpoint = endpoint;
        this.dir = dir;
        this.process = process;
        this.client = client;
    }

    /**
     * The engine of this JVM, started on first use; aborts the calling test (skipped, saying how to enable it) where
     * real-engine tests are off, and fails it in CI when the engine cannot start.
     */
    public static synchronized PrivateDockerEngine shared() {
        if (!enabled()) {
            Assumptions.abort(HOW_TO_ENABLE);
        }
        if (shared == null) {
            String given = System.getenv(GIVEN_ENGINE);
            shared = given == null || given.isBlank() ? start() : given(given);
        }
        return shared;
    }

    /** Whether the real-engine tests run here. */
    public static boolean enabled() {
        String flag = System.getenv("FAASFED_DOCKER_TESTS");
        if ("0".equals(flag) || "false".equalsIgnoreCase(flag)) {
            if (ci()) {
                fail("FAASFED_DOCKER_TESTS=0 in CI: the real-engine tests may not be switched off there.");
            }
            return false;
        }
        if (ci() || "1".equals(flag) || "true".equalsIgnoreCase(flag)) {
            return true;
        }
        return dockerd().isPresent() && "root".equals(System.getProperty("user.name"));
    }

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static java.util.Optional<Path> dockerd() {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin")) {
            Path candidate = Path.of(dir, "dockerd");
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The variable that hands the tests an engine someone else started (.ci/run starts one, private to the CI run, and
     * stops it afterwards); the tests then neither start nor stop one, but still change its swarm state.
     */
    public static final String GIVEN_ENGINE = "FAASFED_TEST_DOCKER_HOST";

    private static PrivateDockerEngine given(String host) {
        DockerEndpoint endpoint = DockerEndpoint.of(host);
        DockerClient client = client(endpoint);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            fail(GIVEN_ENGINE + "=" + host + " was given, but no engine answers there: " + e.getMessage());
        }
        try {
            PrivateDockerEngine engine = new PrivateDockerEngine(Files.createTempDirectory(Path.of("/tmp"), "ffd-"), null, client,
                    endpoint);
            Runtime.getRuntime().addShutdownHook(new Thread(engine::stop, "given-dockerd-scratch-removal"));
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateDockerEngine start() {
        Path dockerd = dockerd().orElseGet(() -> {
            fail("No dockerd found. Install Debian's docker.io (apt-get install docker.io); .ci/run does so in CI. "
                    + "Or set FAASFED_DOCKER_TESTS=0 outside CI to skip these tests.");
            return null;
        });
        try {
            // One private engine at a time on this machine: two would fight over docker0, docker_gwbridge, iptables
            // chains and the VXLAN port. A test JVM holds the lock until it ends; another waits for it.
            java.nio.channels.FileChannel lockFile = java.nio.channels.FileChannel.open(Path.of("/tmp/faasfed-private-dockerd.lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            machineLock = lockFile.lock();
            // A short path: a Unix socket's path may not be longer than 107 bytes.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "ffd-");
            Path log = dir.resolve("dockerd.log");
            Process process = new ProcessBuilder(dockerd.toString(),
                    "--data-root", dir.resolve("data").toString(),
                    "--exec-root", dir.resolve("exec").toString(),
                    "-H", "unix://" + dir.resolve("docker.sock"),
                    "--pidfile", dir.resolve("dockerd.pid").toString(),
                    "--storage-driver", "vfs")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            DockerEndpoint endpoint = endpointFor(dir);
            DockerClient client = client(endpoint);
            PrivateDockerEngine engine = new PrivateDockerEngine(dir, process, client, endpoint);
            Runtime.getRuntime().addShutdownHook(new Thread(engine::stop, "private-dockerd-stop"));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (true) {
                try {
                    client.pingCmd().exec();
                    break;
                } catch (RuntimeException notYet) {
                    if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                        fail("The private dockerd did not start within 90 s (alive: " + process.isAlive() + "). Its log:\n"
                                + tail(log));
                    }
                    sleep(Duration.ofMillis(250));
                }
            }
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DockerEndpoint endpointFor(Path dir) {
        return DockerEndpoint.of("unix://" + dir.resolve("docker.sock"));
    }

    private static DockerClient client(DockerEndpoint endpoint) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host()).withApiVersion(endpoint.apiVersion()).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(java.net.URI.create(endpoint.host()))
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(3)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Where the engine listens, as {@code DOCKER_HOST} would say it. */
    public String host() {
        return endpoint().host();
    }

    /** The engine's endpoint, API 1.41. */
    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /** A docker-java client of the tests' own, for arranging and checking (not the code under test's). */
    public DockerClient client() {
        return client;
    }

    /** The engine's log so far, for failure messages. */
    public String log() {
        return tail(dir.resolve("dockerd.log"));
    }

    /** Makes this engine a single-node Swarm manager (advertising 127.0.0.1), if it is not one already. */
    public synchronized PrivateDockerEngine swarm() {
        if (client.infoCmd().exec().getSwarm().getLocalNodeState() != LocalNodeState.ACTIVE) {
            client.initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr("127.0.0.1")
                    .withListenAddr("127.0.0.1:" + freePort()).exec();
        }
        return this;
    }

    /** Takes this engine out of its swarm (removing every service and overlay network), if it is in one. */
    public synchronized PrivateDockerEngine singleHost() {
        cleanUp();
        if (client.infoCmd().exec().getSwarm().getLocalNodeState() != LocalNodeState.INACTIVE) {
            client.leaveSwarmCmd().withForceEnabled(true).exec();
        }
        return this;
    }

    /**
     * Removes what the tests made: containers and services labelled {@link #TEST_LABEL} or by faasfed, then every
     * network faasfed labelled or whose name starts with {@code fft-}.
     */
    public synchronized void cleanUp() {
        boolean swarm = client.infoCmd().exec().getSwarm().getLocalNodeState() == LocalNodeState.ACTIVE;
        if (swarm) {
            client.listServicesCmd().exec().forEach(s -> ignoreMissing(() -> client.removeServiceCmd(s.getId()).exec()));
        }
        client.listContainersCmd().withShowAll(true).exec().forEach(c ->
                ignoreMissing(() -> client.removeContainerCmd(c.getId()).withForce(true).exec()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        for (Network n : client.listNetworksCmd().exec()) {
            boolean ours = Labels.isManaged(n.getLabels()) || n.getName().startsWith("fft-")
                    || (n.getLabels() != null && n.getLabels().containsKey(TEST_LABEL));
            if (!ours) {
                continue;
            }
            while (true) {
                try {
                    client.removeNetworkCmd(n.getId()).exec();
                    break;
                } catch (NotFoundException gone) {
                    break;
                } catch (RuntimeException busy) {
                    if (Instant.now().isAfter(deadline)) {
                        throw busy;
                    }
                    sleep(Duration.ofMillis(500));
                }
            }
        }
    }

    /** Builds {@link #BUSYBOX_IMAGE} once: Debian's static busybox and its applet links, imported as an image. */
    public synchronized String busyboxImage() {
        if (busyboxBuilt) {
            return BUSYBOX_IMAGE;
        }
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox) || !isStatic(busybox)) {
            fail("The test image needs a static /bin/busybox: apt-get install busybox-static (.ci/run does so in CI).");
        }
        try {
            byte[] tar = Tar.rootFilesystem(Files.readAllBytes(busybox),
                    List.of("sh", "httpd", "wget", "nslookup", "sleep", "cat", "echo", "hostname", "ip", "ls", "true", "printf",
                            "env", "grep", "nc", "ping", "mkdir", "id", "ps"));
            // Imported through the Engine API as faasfed imports its JRE base (a chunked tar body on docker-java's
            // transport); docker-java's createImageCmd is not used.
            Path file = dir.resolve("busybox-rootfs.tar");
            Files.write(file, tar);
            try (io.faasfed.network.Engine engine = io.faasfed.network.Engine.connect(endpoint())) {
                new io.faasfed.network.image.ImageBuilder(engine, io.faasfed.network.Progress.SILENT)
                        .importRootFilesystem(file, BUSYBOX_IMAGE, Map.of()).block(Duration.ofMinutes(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        busyboxBuilt = true;
        return BUSYBOX_IMAGE;
    }

    /**
     * Runs {@code command} in a new container from the busybox image on {@code network} (with {@code alias}), waits
     * for it to exit (at most {@code timeout}) and returns its exit code and output; the container is removed.
     */
    public Run runToCompletion(String network, String name, List<String> command, Duration timeout) {
        busyboxImage();
        var created = client.createContainerCmd(BUSYBOX_IMAGE).withName(name).withCmd(command)
                .withLabels(Map.of(TEST_LABEL, "true"))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode(network))
                .exec();
        try {
            client.startContainerCmd(created.getId()).exec();
            int code = client.waitContainerCmd(created.getId())
                    .exec(new com.github.dockerjava.core.command.WaitContainerResultCallback())
                    .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Run(code, logs(created.getId()));
        } finally {
            ignoreMissing(() -> client.removeContainerCmd(created.getId()).withForce(true).exec());
        }
    }

    /** A finished container's exit code and output. */
    public record Run(int exitCode, String output) {
    }

    /** Everything a container has written so far, stdout and stderr together. */
    public String logs(String containerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                        @Override
                        public void onNext(com.github.dockerjava.api.model.Frame frame) {
                            out.writeBytes(frame.getPayload());
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void stop() {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // the engine goes away next
        }
        if (process == null) {
            // A given engine is someone else's to stop; only the scratch folder (the image tarball) is ours.
            removeDir();
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (machineLock != null) {
                machineLock.release();
                machineLock.channel().close();
            }
        } catch (IOException ignored) {
            // the JVM is ending; the lock goes with it
        }
        removeDir();
    }

    private void removeDir() {
        try {
            // vfs layers and overlay namespaces: remove everything but what a still-mounted path holds.
            new ProcessBuilder("rm", "-rf", "--one-file-system", dir.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // best effort on the way out
        }
    }

    /** A free loopback port for the swarm's listen address, so another engine's swarm on 2377 does not stop ours. */
    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The docker CLI that came with the engine (Debian's docker.io), else whichever is on the PATH. */
    public static String dockerCli() {
        return Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";
    }

    private static boolean isStatic(Path binary) {
        try {
            Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
            String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ldd.waitFor(10, TimeUnit.SECONDS);
            return out.contains("not a dynamic executable") || out.contains("statically linked");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void ignoreMissing(Runnable action) {
        try {
            action.run();
        } catch (NotFoundException gone) {
            // already gone
        } catch (com.github.dockerjava.api.exception.ConflictException busy) {
            // a removed service's task container the engine is removing itself ("removal ... already in progress")
            if (busy.getMessage() == null || !busy.getMessage().contains("already in progress")) {
                throw busy;
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

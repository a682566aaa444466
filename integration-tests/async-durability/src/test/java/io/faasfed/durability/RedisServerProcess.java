package io.faasfed.durability;

import static org.awaitility.Awaitility.await;

import io.faasfed.testkit.redis.RedisExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/**
 * A {@code redis-server} process of the test's own on a free loopback port, persisting every write before it answers
 * ({@code appendonly yes}, {@code appendfsync always}) in a folder of the test's, so that it can be stopped — politely
 * or with SIGKILL — and started again on the same port with the same data. The binary is Debian's
 * {@code /usr/bin/redis-server} (or one on the {@code PATH}), else the one packed in the embedded-redis jar.
 */
final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final int port;
    private final Path dataDir;
    private final Path logDir;
    private int starts;
    private Process process;

    private RedisServerProcess(Path binary, int port, Path dataDir, Path logDir) {
        this.binary = binary;
        this.port = port;
        this.dataDir = dataDir;
        this.logDir = logDir;
    }

    /** Starts a Redis on a free port, its data in {@code dataDir}, its output in {@code logDir}. */
    static RedisServerProcess start(Path dataDir, Path logDir) {
        RedisServerProcess redis = new RedisServerProcess(binary(logDir), Ports.free(), dataDir, logDir);
        redis.startAgain();
        return redis;
    }

    /** The port, the same across restarts. */
    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The binary that runs. */
    Path binary() {
        return binary;
    }

    /** Whether the server answers {@code PING}. */
    boolean answers() {
        return RedisExtension.answersPing("127.0.0.1", port);
    }

    /** Starts the server (again) on the same port with the same folder, and waits until it answers. */
    void startAgain() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        starts++;
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--bind", "127.0.0.1", "--port", Integer.toString(port), "--protected-mode", "yes",
                "--daemonize", "no", "--dir", dataDir.toString(),
                "--appendonly", "yes", "--appendfsync", "always", "--save", ""));
        Path log = logDir.resolve("redis-" + starts + ".log");
        try {
            Files.createDirectories(dataDir);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        try {
            await("redis-server on port " + port + " answering PING").atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("redis-server exited with status " + process.exitValue() + "\n"
                                    + Logs.tail(log, 30));
                        }
                        return answers();
                    });
        } catch (RuntimeException | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Stops the server: SIGKILL when {@code kill}, so that only what {@code appendfsync always} put on disk survives;
     * SIGTERM otherwise. Returns the exit status ({@code 137} after SIGKILL).
     */
    int stop(boolean kill) {
        if (process == null) {
            return -1;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping redis-server", e);
        }
    }

    /** The tail of every run's output. */
    String tails() {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            out.append(Logs.tail(logDir.resolve("redis-" + i + ".log"), 20));
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop(true);
        }
    }

    /** Debian's redis-server, one on the PATH, or the embedded-redis one extracted into {@code folder}. */
    private static Path binary(Path folder) {
        Path debian = Path.of("/usr/bin/redis-server");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String resource = switch (arch) {
            case "amd64", "x86_64" -> "redis-server-6.2.6-v5-linux-amd64";
            case "aarch64", "arm64" -> "redis-server-6.2.7-linux-arm64";
            default -> null;
        };
        if (resource != null && System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(resource)) {
                if (in != null) {
                    Path target = folder.resolve("redis-server");
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    if (target.toFile().setExecutable(true)) {
                        return target;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract " + resource + " from the embedded-redis jar", e);
            }
        }
        throw new AssertionError("No redis-server to start: install one (apt-get install -y redis-server) or put it on "
                + "the PATH; the embedded-redis jar has no binary for " + System.getProperty("os.name") + "/" + arch);
    }
}

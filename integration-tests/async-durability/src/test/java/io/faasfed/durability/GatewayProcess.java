package io.faasfed.durability;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One federation gateway as its own JVM ({@code java -jar federation-gateway-…-exec.jar}) on a free loopback port,
 * its standard output and error in files of the test's; {@link #kill()} ends it with SIGKILL, as a crashed host would.
 */
final class GatewayProcess implements AutoCloseable {

    /** The exit status of a process ended by SIGKILL (128 + 9). */
    static final int SIGKILL_STATUS = 137;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final int port;
    private final Process process;
    private final Path out;
    private final Path err;

    private GatewayProcess(String name, int port, Process process, Path out, Path err) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts a gateway named {@code name} (for its log files) with the admin key in its environment and {@code args}
     * after its port and address, and waits until {@code GET /healthz} answers 200.
     */
    static GatewayProcess start(String name, Path logDir, String adminKey, List<String> args) {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(),
                "--server.port=" + port, "--server.address=127.0.0.1"));
        command.addAll(args);
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("FAASFED_SECURITY_ADMIN_KEY", adminKey);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        GatewayProcess gateway = new GatewayProcess(name, port, process, out, err);
        try {
            gateway.awaitHealthy();
        } catch (RuntimeException | AssertionError e) {
            gateway.kill();
            throw new AssertionError("gateway " + name + " did not become healthy: " + e.getMessage() + "\n"
                    + gateway.tails(), e);
        }
        return gateway;
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/healthz")).timeout(Duration.ofSeconds(5))
                .GET().build();
        await("gateway " + name + " answering GET /healthz").atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the gateway exited with status " + process.exitValue());
                    }
                    return client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    /** The name given at start. */
    String name() {
        return name;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The operating system's process id. */
    long pid() {
        return process.pid();
    }

    /** Whether the JVM still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * Ends the JVM with SIGKILL (what {@link Process#destroyForcibly()} sends on Linux): no shutdown hook, no graceful
     * shutdown, nothing flushed. Returns the exit status, {@value #SIGKILL_STATUS} when SIGKILL ended it.
     */
    int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("gateway " + name + " (pid " + process.pid() + ") still runs 30 s after "
                        + "SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing gateway " + name, e);
        }
        return process.exitValue();
    }

    /**
     * The gateway's {@code ERROR} log lines, each with the first {@code Caused by} or exception line after it, for the
     * report: a run can pass while a gateway logs something that deserves a look.
     */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(out, java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(" ERROR ")) {
                    String line = lines.get(i);
                    String message = line.substring(line.indexOf(" : ") < 0 ? 0 : line.indexOf(" : ") + 3);
                    for (int j = i + 1; j < Math.min(lines.size(), i + 6); j++) {
                        if (lines.get(j).startsWith("Caused by: ") || lines.get(j).contains("Exception")) {
                            message += " / " + lines.get(j).strip();
                            break;
                        }
                    }
                    errors.add(name + ": " + (message.length() > 300 ? message.substring(0, 300) + "…" : message));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            errors.add(name + ": log unreadable (" + e + ")");
        }
        return errors;
    }

    /** The tails of the gateway's standard output and error. */
    String tails() {
        return Logs.tail(out, 60) + Logs.tail(err, 30);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /**
     * The gateway's runnable jar: the one this checkout built ({@code faasfed.gateway.jar}, set by the module's pom),
     * else the exec jar on the test class path.
     */
    static Path jar() {
        String configured = System.getProperty("faasfed.gateway.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null
                    && path.getFileName().toString().matches("federation-gateway-.*-exec\\.jar")
                    && Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new AssertionError("The gateway's exec jar was not found at " + configured + " nor on the test class "
                + "path: build it first (./mvnw -o -q -pl federation-gateway -am package -DskipTests)");
    }

    /** The settings every gateway of these tests shares: Redis store, one OpenFaaS platform, async settings. */
    static List<String> settings(String redisUrl, String keyPrefix, String openFaasUrl, String openFaasUser,
            String openFaasPassword, Map<String, String> extra) {
        List<String> args = new ArrayList<>(List.of(
                "--faasfed.store=redis", "--faasfed.redis.url=" + redisUrl, "--faasfed.redis.key-prefix=" + keyPrefix,
                "--faasfed.default-platform=openfaas",
                "--faasfed.platforms.openfaas.type=openfaas", "--faasfed.platforms.openfaas.url=" + openFaasUrl,
                "--faasfed.platforms.openfaas.username=" + openFaasUser,
                "--faasfed.platforms.openfaas.password=" + openFaasPassword,
                // The proofs are about the async queue; the rate limits (shared buckets in the same Redis) would
                // refuse a 1,000-call burst and the polling of 1,000 records, and answer for Redis themselves.
                "--faasfed.rate-limit.enabled=false",
                "--faasfed.async.callback.allowed-networks=127.0.0.1/32"));
        extra.forEach((key, value) -> args.add("--" + key + "=" + value));
        return args;
    }
}

package io.faasfed.durability;

import static org.awaitility.Awaitility.await;

import io.faasfed.emulator.Credentials;
import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.openfaas.OpenFaasEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What both proofs stand on: an OpenFaaS emulator in this JVM (functions as local processes), a {@code redis-server}
 * of the test's own, a callback receiver, the gateway JVMs started on them, and the recording function's log. Closing
 * it stops everything it started.
 */
final class DurabilityRig implements AutoCloseable {

    /** The function every call goes to. */
    static final String FUNCTION = "recorder";

    private static final Duration KNOWN_TIMEOUT = Duration.ofSeconds(60);

    final Path folder;
    final String adminKey = "ffk_admin_" + UUID.randomUUID().toString().replace("-", "")
            + UUID.randomUUID().toString().replace("-", "");
    final String keyPrefix = "faasfed-durability:" + UUID.randomUUID() + ":";
    final GatewayClient client = new GatewayClient(adminKey);
    final ExecutionLog executions;
    final ExecutorService pool = Executors.newFixedThreadPool(16);
    private final Credentials openFaasCredentials = new Credentials("admin", "durability-" + UUID.randomUUID());
    private final List<GatewayProcess> gateways = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> asyncSettings;
    final OpenFaasEmulator openFaas;
    final RedisServerProcess redis;
    final CallbackReceiver callbacks;

    /**
     * Starts the emulator, Redis and the callback receiver for the test {@code name}; {@code asyncSettings} are the
     * {@code faasfed.async.*} properties (without {@code --}) every gateway gets.
     */
    DurabilityRig(String name, Map<String, String> asyncSettings) {
        this(name, asyncSettings, null);
    }

    /**
     * As {@link #DurabilityRig(String, Map)}, with the emulator's upstream timeout for a function call set to
     * {@code functionTimeout} (its default, 60 s, when null): for functions the test holds until it releases them.
     */
    DurabilityRig(String name, Map<String, String> asyncSettings, Duration functionTimeout) {
        this.folder = Logs.folder(name);
        this.asyncSettings = Map.copyOf(asyncSettings);
        this.executions = new ExecutionLog(folder.resolve("executions.log"));
        deleteRecursively(folder.resolve("executions.log"));
        EmulatorOptions.Builder options = EmulatorOptions.builder().credentials(openFaasCredentials);
        if (functionTimeout != null) {
            options.functionTimeout(functionTimeout);
        }
        this.openFaas = OpenFaasEmulator.start(options.build());
        RedisServerProcess startedRedis = null;
        try {
            Path data = folder.resolve("redis-data");
            deleteRecursively(data);
            startedRedis = RedisServerProcess.start(data, folder);
            this.callbacks = new CallbackReceiver();
        } catch (RuntimeException | Error e) {
            openFaas.close();
            if (startedRedis != null) {
                startedRedis.close();
            }
            throw e;
        }
        this.redis = startedRedis;
    }

    /** Starts one more gateway on the rig's Redis and emulator. */
    GatewayProcess startGateway(String name) {
        GatewayProcess gateway = GatewayProcess.start(name, folder, adminKey, GatewayProcess.settings(redis.url(),
                keyPrefix, openFaas.baseUrl(), openFaasCredentials.username(), openFaasCredentials.password(),
                asyncSettings));
        gateways.add(gateway);
        return gateway;
    }

    /**
     * Deploys the recording function through {@code through} (sleeping {@code sleepSeconds} per execution), and waits
     * until every gateway in {@code all} knows it.
     */
    void deployRecorder(GatewayProcess through, int sleepSeconds, Collection<GatewayProcess> all) throws Exception {
        deploy(through, FUNCTION, executions.process(sleepSeconds), all);
    }

    /**
     * Deploys the OpenFaaS function {@code name} running the shell command {@code process} through {@code through},
     * and waits until every gateway in {@code all} knows it.
     */
    void deploy(GatewayProcess through, String name, String process, Collection<GatewayProcess> all)
            throws Exception {
        ObjectNode deployment = JsonMapper.builder().build().createObjectNode();
        deployment.put("service", name);
        deployment.put("image", "faasfed/samples:echo");
        deployment.put("envProcess", process);
        client.deploy(through.baseUrl(), deployment.toString());
        for (GatewayProcess gateway : all) {
            awaitKnown(gateway, name);
        }
    }

    /** Waits until {@code gateway} knows the function {@code name} ({@code GET /federation/v1/functions/<name>}). */
    void awaitKnown(GatewayProcess gateway, String name) {
        await(gateway.name() + " knowing " + name).atMost(KNOWN_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> client.knows(gateway.baseUrl(), name));
    }

    /** The state of calls as one gateway's records give them, after waiting. */
    record Settled(Map<String, String> states, Map<String, JsonNode> records, boolean timedOut) {

        /** How many calls are in {@code state}. */
        long count(String state) {
            return states.values().stream().filter(state::equals).count();
        }
    }

    /**
     * Polls {@code GET /federation/v1/calls/<id>} on {@code gateway} every second, for the calls not yet settled, until
     * each is in a final state ({@code succeeded}, {@code failed}, {@code dead}) and each succeeded call's callback
     * arrived (or its record says the gateway gave up on it), or {@code atMost} has passed.
     */
    Settled awaitSettled(GatewayProcess gateway, Collection<String> callIds, Duration atMost)
            throws InterruptedException {
        Map<String, String> states = new ConcurrentHashMap<>();
        Map<String, JsonNode> records = new ConcurrentHashMap<>();
        Set<String> unsettled = new HashSet<>(callIds);
        Instant deadline = Instant.now().plus(atMost);
        while (true) {
            List<Future<?>> checks = new ArrayList<>();
            for (String id : unsettled) {
                checks.add(pool.submit(() -> {
                    try {
                        JsonNode record = client.call(gateway.baseUrl(), id);
                        if (record == null) {
                            states.put(id, "unknown (404)");
                        } else {
                            states.put(id, record.path("state").asString());
                            records.put(id, record);
                        }
                    } catch (IOException e) {
                        states.put(id, "unreadable (" + e.getMessage() + ")");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Future<?> check : checks) {
                try {
                    check.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            unsettled.removeIf(id -> {
                String state = states.get(id);
                // A callback the gateway gave up on settles the call too (the tally then counts it missing).
                return "failed".equals(state) || "dead".equals(state)
                        || "succeeded".equals(state) && (callbacks.deliveries(id) > 0
                                || "failed".equals(records.get(id).path("callback").path("state").asString()));
            });
            if (unsettled.isEmpty()) {
                return new Settled(Map.copyOf(states), Map.copyOf(records), false);
            }
            if (Instant.now().isAfter(deadline)) {
                return new Settled(Map.copyOf(states), Map.copyOf(records), true);
            }
            if (!gateway.alive()) {
                throw new AssertionError("gateway " + gateway.name() + " exited while calls were pending\n"
                        + gateway.tails());
            }
            Thread.sleep(1000);
        }
    }

    /** A test's proof on a rig. */
    @FunctionalInterface
    interface Proof {
        /** Runs the proof; fails with an {@link AssertionError} when something it proves does not hold. */
        void run(DurabilityRig rig) throws Exception;
    }

    /** Runs {@code proof} on this rig; a failure carries every process's output tails. */
    void prove(Proof proof) throws Exception {
        try {
            proof.run(this);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + diagnostics(), e);
        }
    }

    /** The {@code ERROR} lines every gateway started so far logged. */
    List<String> gatewayErrors() {
        List<String> errors = new ArrayList<>();
        synchronized (gateways) {
            gateways.forEach(gateway -> errors.addAll(gateway.errors()));
        }
        return errors;
    }

    /** Every process's output tails, for a failure message. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("\n");
        synchronized (gateways) {
            gateways.forEach(gateway -> out.append(gateway.tails()));
        }
        out.append(redis.tails());
        return out.toString();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        synchronized (gateways) {
            gateways.forEach(GatewayProcess::close);
        }
        callbacks.close();
        redis.close();
        openFaas.close();
    }

    /** Removes what an earlier run left at {@code path} (a file or a folder). */
    private static void deleteRecursively(Path path) {
        if (!java.nio.file.Files.exists(path)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(each);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot clear " + path + " left by an earlier run", e);
        }
    }
}

package io.faasfed.emulator;

import static java.util.Objects.requireNonNull;

import io.faasfed.emulator.fn.FnEmulator;
import io.faasfed.emulator.openfaas.OpenFaasEmulator;
import io.faasfed.emulator.openwhisk.OpenWhiskEmulator;
import io.netty.buffer.Unpooled;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox's three platforms: an OpenFaaS, an OpenWhisk and an Fn emulator on loopback, seeded through their own
 * HTTP APIs with sample functions — {@code uppercase} on OpenFaaS, {@code wordcount} (with an HTTP trigger) in the Fn
 * app {@value #FN_APP}, and the actions {@code greet} (a web action) and {@code fan-out} (which calls the Fn
 * {@code wordcount} through the federation gateway) on OpenWhisk; and for the sample compositions, {@code flaky} on
 * OpenFaaS (it fails the first call of each composition run, keeping its state in a temporary folder of these
 * platforms), {@code wordstats} (a JSON word count) and {@code broken} (always fails) on Fn.
 * {@link #main(String[])} starts them and runs until interrupted.
 */
public final class SandboxPlatforms implements AutoCloseable {

    /** The sandbox's OpenFaaS gateway credentials ({@code admin} and a fixed sandbox password). */
    public static final Credentials OPENFAAS_CREDENTIALS = new Credentials("admin", "faasfed-sandbox");

    /** The sandbox's OpenWhisk {@code uuid:key}. */
    public static final Credentials OPENWHISK_CREDENTIALS = new Credentials("5a6f8c1e-2b7d-4e3a-9c0f-faa5fed5a7d0",
            "sandboxKeyForTheFaasfedOpenWhiskEmulatorOnlyNeverUseInProduction0");

    /** The Fn app the samples live in. */
    public static final String FN_APP = "sandbox";

    private static final Duration SEED_TIMEOUT = Duration.ofSeconds(30);

    private final OpenFaasEmulator openFaas;
    private final OpenWhiskEmulator openWhisk;
    private final FnEmulator fn;
    private final HttpClient client = HttpClient.create().responseTimeout(SEED_TIMEOUT);
    private final Path stateDir;

    private SandboxPlatforms(OpenFaasEmulator openFaas, OpenWhiskEmulator openWhisk, FnEmulator fn, Path stateDir) {
        this.openFaas = openFaas;
        this.openWhisk = openWhisk;
        this.fn = fn;
        this.stateDir = stateDir;
    }

    /**
     * Starts the three emulators at once (ports {@code 0} pick free ones) and seeds the samples; the {@link Mono}
     * completes when the samples are deployed. {@code base} gives the gateway URL and the other shared options; its
     * credentials are ignored in favour of the sandbox constants.
     */
    public static Mono<SandboxPlatforms> start(EmulatorOptions base, int openFaasPort, int openWhiskPort, int fnPort) {
        requireNonNull(base, "base");
        return Mono.defer(() -> {
            SandboxPlatforms platforms = bind(base, openFaasPort, openWhiskPort, fnPort);
            // Closing waits for the servers to stop, so it runs off the event loop the failure arrived on.
            return platforms.seed().thenReturn(platforms).onErrorResume(failure -> Mono.fromRunnable(platforms::close)
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).then(Mono.error(failure)));
        });
    }

    private static SandboxPlatforms bind(EmulatorOptions base, int openFaasPort, int openWhiskPort, int fnPort) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("faasfed-sandbox-state-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox's state folder in "
                    + System.getProperty("java.io.tmpdir") + " (expected: a writable java.io.tmpdir)", e);
        }
        OpenFaasEmulator openFaas = OpenFaasEmulator.start(base.toBuilder().port(openFaasPort)
                .credentials(OPENFAAS_CREDENTIALS).build());
        try {
            OpenWhiskEmulator openWhisk = OpenWhiskEmulator.start(base.toBuilder().port(openWhiskPort)
                    .credentials(OPENWHISK_CREDENTIALS).build());
            try {
                return new SandboxPlatforms(openFaas, openWhisk, FnEmulator.start(base.toBuilder().port(fnPort)
                        .credentials(null).build()), stateDir);
            } catch (RuntimeException failure) {
                openWhisk.close();
                throw failure;
            }
        } catch (RuntimeException failure) {
            openFaas.close();
            throw failure;
        }
    }

    /** The OpenFaaS emulator. */
    public OpenFaasEmulator openFaas() {
        return openFaas;
    }

    /** The OpenWhisk emulator. */
    public OpenWhiskEmulator openWhisk() {
        return openWhisk;
    }

    /** The Fn emulator. */
    public FnEmulator fn() {
        return fn;
    }

    /** Where the emulators listen and which credentials they take, one line each, for a banner or logs. */
    public String describe() {
        return "OpenFaaS  " + openFaas.baseUrl() + "  (Basic " + OPENFAAS_CREDENTIALS.username() + ':'
                + OPENFAAS_CREDENTIALS.password() + " on /system/*; samples: uppercase, flaky)\n"
                + "OpenWhisk " + openWhisk.baseUrl() + "  (auth " + OPENWHISK_CREDENTIALS.joined()
                + ", namespace " + openWhisk.namespace() + "; samples: greet, fan-out)\n"
                + "Fn        " + fn.baseUrl() + "  (no auth; app " + FN_APP + ", samples: wordcount, wordstats, "
                + "broken; trigger "
                + fn.baseUrl() + "/t/" + FN_APP + "/wordcount)\n";
    }

    /** The folder where sample functions keep state between calls ({@code flaky}'s turns); deleted on close. */
    public Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        try {
            openFaas.close();
            openWhisk.close();
            fn.close();
        } finally {
            deleteStateDir();
        }
    }

    private void deleteStateDir() {
        try (java.util.stream.Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a folder left in java.io.tmpdir holds only flaky's empty marker files
        }
    }

    // ---- seeding through the platforms' own APIs ----

    private Mono<Void> seed() {
        Mono<Void> openFaasSample = send("POST", openFaas.baseUrl() + "/system/functions",
                OPENFAAS_CREDENTIALS.basicHeader(), "{\"service\":\"uppercase\",\"image\":\"faasfed/samples:uppercase\","
                        + "\"labels\":{\"faasfed.sample\":\"true\"}}").then();
        String actions = openWhisk.baseUrl() + "/api/v1/namespaces/_/actions/";
        String whiskAuth = OPENWHISK_CREDENTIALS.basicHeader();
        Mono<Void> openWhiskSamples = send("PUT", actions + "greet?overwrite=true", whiskAuth,
                "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:greet-web\"},"
                        + "\"annotations\":[{\"key\":\"web-export\",\"value\":true}]}")
                .then(send("PUT", actions + "fan-out?overwrite=true", whiskAuth,
                        "{\"exec\":{\"kind\":\"blackbox\",\"image\":\"faasfed/samples:call-function\"},"
                                + "\"parameters\":[{\"key\":\"TARGET_FUNCTION\",\"value\":\"wordcount\",\"init\":true}],"
                                + "\"limits\":{\"timeout\":120000}}"))
                .then();
        Mono<Void> fnSample = send("POST", fn.baseUrl() + "/v2/apps", null, "{\"name\":\"" + FN_APP + "\"}")
                .map(app -> app.path("id").asString())
                // public: anonymous callers (and fan-out, which calls it without a key) may invoke it
                .flatMap(appId -> Mono.when(fnFunction(appId, "wordcount", "wordcount", "\"annotations\":"
                        + "{\"faasfed.public\":\"true\"}"), compositionSamplesOnFn(appId)))
                .then();
        return Mono.when(openFaasSample, openWhiskSamples, fnSample, compositionSamplesOnOpenFaas())
                .timeout(SEED_TIMEOUT);
    }

    /**
     * Creates the Fn function {@code name} running {@code faasfed/samples:<sample>}, with {@code moreFields} (JSON
     * members) in its definition, and its HTTP trigger {@code /<name>}.
     */
    private Mono<Void> fnFunction(String appId, String name, String sample, String... moreFields) {
        StringBuilder fields = new StringBuilder();
        for (String field : moreFields) {
            fields.append(',').append(field);
        }
        return send("POST", fn.baseUrl() + "/v2/fns", null, "{\"app_id\":\"" + appId + "\",\"name\":\"" + name
                + "\",\"image\":\"faasfed/samples:" + sample + "\"" + fields + "}")
                .flatMap(created -> send("POST", fn.baseUrl() + "/v2/triggers", null, "{\"name\":\"" + name + "\","
                        + "\"app_id\":\"" + appId + "\",\"fn_id\":\"" + created.path("id").asString()
                        + "\",\"type\":\"http\",\"source\":\"/" + name + "\"}"))
                .then();
    }

    /** What the sample compositions call on Fn: {@code wordstats} (a JSON word count), {@code broken} (fails). */
    private Mono<Void> compositionSamplesOnFn(String appId) {
        return Mono.when(fnFunction(appId, "wordstats", "wordstats"), fnFunction(appId, "broken", "fail"));
    }

    /** What the sample compositions call on OpenFaaS: {@code flaky}, its state in this sandbox's own folder. */
    private Mono<Void> compositionSamplesOnOpenFaas() {
        tools.jackson.databind.node.ObjectNode flaky = Json.object().put("service", "flaky")
                .put("image", "faasfed/samples:flaky");
        flaky.putObject("envVars").put("STATE_DIR", stateDir.toString());
        flaky.putObject("labels").put("faasfed.sample", "true");
        return send("POST", openFaas.baseUrl() + "/system/functions", OPENFAAS_CREDENTIALS.basicHeader(),
                Json.text(flaky)).then();
    }

    private Mono<JsonNode> send(String method, String url, String authorization, String json) {
        return client
                .headers(headers -> {
                    headers.set("Content-Type", "application/json");
                    if (authorization != null) {
                        headers.set("Authorization", authorization);
                    }
                })
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
                .uri(url)
                .send(Mono.just(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8))))
                .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0]).flatMap(bytes -> {
                    if (response.status().code() / 100 != 2) {
                        return Mono.error(new IllegalStateException("Seeding the sandbox failed: " + method + ' ' + url
                                + " answered " + response.status().code() + ": "
                                + new String(bytes, StandardCharsets.UTF_8)));
                    }
                    return Mono.just(bytes.length == 0 ? Json.object() : Json.parse(bytes));
                }));
    }

    // ---- the command-line entry point ----

    /**
     * Starts the sandbox platforms, prints their URLs and runs until interrupted. Options (all optional):
     * {@code --gateway-url=URL} (handed to functions as {@code FAASFED_GATEWAY_URL}), {@code --openfaas-port=N},
     * {@code --openwhisk-port=N}, {@code --fn-port=N} ({@code 0}, the default, picks a free port).
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("Unknown argument " + arg + " (expected: --gateway-url=URL, "
                        + "--openfaas-port=N, --openwhisk-port=N, --fn-port=N)");
            }
            flags.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        EmulatorOptions base = EmulatorOptions.builder().gatewayUrl(flags.get("gateway-url")).build();
        SandboxPlatforms platforms = start(base, port(flags, "openfaas-port"), port(flags, "openwhisk-port"),
                port(flags, "fn-port")).toFuture().get(SEED_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platforms.close();
            stopped.countDown();
        }, "sandbox-platforms-shutdown"));
        // The banner is this command's output, so it goes to the process' standard output stream.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.print("faasfed sandbox platforms are up (Ctrl-C stops them):\n" + platforms.describe());
        stopped.await();
    }

    private static int port(Map<String, String> flags, String name) {
        String value = flags.getOrDefault(name, "0");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": " + value + " (expected: a port number)", e);
        }
    }
}

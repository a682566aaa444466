package io.faasfed.sandbox;

import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.SandboxPlatforms;
import io.faasfed.gateway.FederationGatewayApplication;
import io.faasfed.gateway.composition.runtime.CompositionPlatform;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.security.ApiKeyToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway and the three platform emulators, wired together on loopback: the emulators start first (with the
 * gateway's URL, so functions can call each other through it), get their sample functions, and then the gateway
 * starts with one platform instance per emulator, discovers the samples, and gets the sample compositions
 * ({@link #SAMPLE_COMPOSITIONS}) saved through its own API.
 */
public final class FaasfedSandbox implements AutoCloseable {

    /**
     * The sample compositions, saved at start (unless {@code faasfed.compositions.enabled=false}) under their file
     * names without the extension: resources under {@value #COMPOSITIONS_FOLDER}, YAML or JSON.
     */
    public static final List<String> SAMPLE_COMPOSITIONS = List.of("welcome.yaml", "everywhere.yaml",
            "resilient.json");

    /** Where the sample compositions are on the class path. */
    public static final String COMPOSITIONS_FOLDER = "io/faasfed/sandbox/compositions/";

    private final SandboxPlatforms platforms;
    private final ConfigurableApplicationContext gateway;
    private final String gatewayUrl;
    private final ApiKeyToken adminKey;

    private FaasfedSandbox(SandboxPlatforms platforms, ConfigurableApplicationContext gateway, String gatewayUrl,
                           ApiKeyToken adminKey) {
        this.adminKey = adminKey;
        this.platforms = platforms;
        this.gateway = gateway;
        this.gatewayUrl = gatewayUrl;
    }

    /**
     * Starts the sandbox with the gateway on {@code port} (0 picks a free one) and waits until the gateway has
     * discovered the sample functions.
     *
     * @param port      the gateway's port on 127.0.0.1
     * @param extraArgs further Spring Boot arguments for the gateway, e.g. {@code --logging.level.root=WARN}; a
     *                  {@code --key=value} replaces the sandbox's own setting of {@code key}
     */
    public static FaasfedSandbox start(int port, String... extraArgs) {
        int gatewayPort = port == 0 ? freePort() : port;
        String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        EmulatorOptions options = EmulatorOptions.builder().gatewayUrl(gatewayUrl).build();
        SandboxPlatforms platforms = SandboxPlatforms.start(options, 0, 0, 0).block(Duration.ofSeconds(60));
        ApiKeyToken adminKey = ApiKeyToken.generate();
        try {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("server.port", Integer.toString(gatewayPort));
            settings.put("server.address", "127.0.0.1");
            settings.put("faasfed.store", "memory");
            settings.put("faasfed.public-url", gatewayUrl);
            settings.put("faasfed.default-platform", "openfaas");
            // a local playground: callbacks to this machine are what a developer tries first (never the default)
            settings.put("faasfed.async.callback.allowed-networks", "127.0.0.0/8,::1/128");
            // the sandbox's own operator key, made afresh each run (a real gateway refuses to start without one)
            settings.put("faasfed.security.admin-key", adminKey.value());
            settings.put("faasfed.platforms.openfaas.type", "openfaas");
            settings.put("faasfed.platforms.openfaas.url", platforms.openFaas().baseUrl());
            settings.put("faasfed.platforms.openfaas.username", SandboxPlatforms.OPENFAAS_CREDENTIALS.username());
            settings.put("faasfed.platforms.openfaas.password", SandboxPlatforms.OPENFAAS_CREDENTIALS.password());
            settings.put("faasfed.platforms.openfaas.provider", "faasd");
            settings.put("faasfed.platforms.openfaas.priority", "10");
            settings.put("faasfed.platforms.openwhisk.type", "openwhisk");
            settings.put("faasfed.platforms.openwhisk.url", platforms.openWhisk().baseUrl());
            settings.put("faasfed.platforms.openwhisk.username", SandboxPlatforms.OPENWHISK_CREDENTIALS.username());
            settings.put("faasfed.platforms.openwhisk.password", SandboxPlatforms.OPENWHISK_CREDENTIALS.password());
            settings.put("faasfed.platforms.openwhisk.priority", "20");
            settings.put("faasfed.platforms.fn.type", "fn");
            settings.put("faasfed.platforms.fn.url", platforms.fn().baseUrl());
            settings.put("faasfed.platforms.fn.app", SandboxPlatforms.FN_APP);
            settings.put("faasfed.platforms.fn.priority", "30");
            List<String> args = new ArrayList<>();
            for (String extra : extraArgs) {
                int equals = extra.indexOf('=');
                if (extra.startsWith("--") && equals > 2) {
                    // A setting given again replaces the sandbox's (Spring would join repeated options with commas).
                    settings.put(extra.substring(2, equals), extra.substring(equals + 1));
                } else {
                    args.add(extra);
                }
            }
            settings.forEach((key, value) -> args.add("--" + key + "=" + value));
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(FederationGatewayApplication.class)
                    .web(WebApplicationType.REACTIVE)
                    .run(args.toArray(String[]::new));
            try {
                gateway.getBean(Discovery.class).syncAll().block(Duration.ofSeconds(60));
                ApiKeyToken configured = ApiKeyToken.parse(gateway.getEnvironment()
                        .getProperty("faasfed.security.admin-key"));
                ApiKeyToken key = configured == null ? adminKey : configured;
                if (gateway.getBeanProvider(CompositionPlatform.class).getIfAvailable() != null) {
                    saveSampleCompositions(gatewayUrl, key);
                }
                return new FaasfedSandbox(platforms, gateway, gatewayUrl, key);
            } catch (RuntimeException e) {
                gateway.close();
                throw e;
            }
        } catch (RuntimeException e) {
            platforms.close();
            throw e;
        }
    }

    /** Saves each of {@link #SAMPLE_COMPOSITIONS} with {@code PUT /federation/v1/compositions/{name}}, as users do. */
    private static void saveSampleCompositions(String gatewayUrl, ApiKeyToken key) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String file : SAMPLE_COMPOSITIONS) {
            String name = file.substring(0, file.lastIndexOf('.'));
            HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/federation/v1/compositions/" + name))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key.value())
                    .header("Content-Type", file.endsWith(".json") ? "application/json" : "application/yaml")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(sampleComposition(file)))
                    .build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException("Saving the sample composition " + file + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while saving the sample composition " + file, e);
            }
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Saving the sample composition " + file + " failed: the gateway "
                        + "answered " + response.statusCode() + ": " + response.body());
            }
        }
    }

    /** The text of a sample composition, e.g. {@code welcome.yaml}. */
    public static byte[] sampleComposition(String file) {
        String resource = COMPOSITIONS_FOLDER + file;
        try (InputStream in = FaasfedSandbox.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + resource + " on the class path: rebuild the sandbox "
                        + "module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** The gateway's base URL. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** The gateway's operator key (generated for this run unless given as --faasfed.security.admin-key). */
    public ApiKeyToken adminKey() {
        return adminKey;
    }

    /** The operator key as HTTP Basic credentials (its id and secret), as {@code faas-cli login} sends them. */
    public String basicAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((adminKey.id() + ":" + adminKey.secret())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The operator key as a bearer token. */
    public String bearerAuthorization() {
        return "Bearer " + adminKey.value();
    }

    /** The emulators. */
    public SandboxPlatforms platforms() {
        return platforms;
    }

    /** The gateway's application context. */
    public ConfigurableApplicationContext gateway() {
        return gateway;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            platforms.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the gateway", e);
        }
    }
}

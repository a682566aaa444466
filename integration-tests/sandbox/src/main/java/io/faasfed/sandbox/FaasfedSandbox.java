package io.faasfed.sandbox;

import io.faasfed.emulator.EmulatorOptions;
import io.faasfed.emulator.SandboxPlatforms;
import io.faasfed.gateway.FederationGatewayApplication;
import io.faasfed.gateway.registry.Discovery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway and the three platform emulators, wired together on loopback: the emulators start first (with the
 * gateway's URL, so functions can call each other through it), get their sample functions, and then the gateway
 * starts with one platform instance per emulator and discovers the samples.
 */
public final class FaasfedSandbox implements AutoCloseable {

    /** The password of the gateway's /system API in the sandbox (user {@code admin}). */
    public static final String GATEWAY_PASSWORD = "sandbox";

    private final SandboxPlatforms platforms;
    private final ConfigurableApplicationContext gateway;
    private final String gatewayUrl;

    private FaasfedSandbox(SandboxPlatforms platforms, ConfigurableApplicationContext gateway, String gatewayUrl) {
        this.platforms = platforms;
        this.gateway = gateway;
        this.gatewayUrl = gatewayUrl;
    }

    /**
     * Starts the sandbox with the gateway on {@code port} (0 picks a free one) and waits until the gateway has
     * discovered the sample functions.
     *
     * @param port      the gateway's port on 127.0.0.1
     * @param extraArgs further Spring Boot arguments for the gateway, e.g. {@code --logging.level.root=WARN}
     */
    public static FaasfedSandbox start(int port, String... extraArgs) {
        int gatewayPort = port == 0 ? freePort() : port;
        String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
        EmulatorOptions options = EmulatorOptions.builder().gatewayUrl(gatewayUrl).build();
        SandboxPlatforms platforms = SandboxPlatforms.start(options, 0, 0, 0).block(Duration.ofSeconds(60));
        try {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + gatewayPort,
                    "--server.address=127.0.0.1",
                    "--faasfed.store=memory",
                    "--faasfed.public-url=" + gatewayUrl,
                    "--faasfed.default-platform=openfaas",
                    "--faasfed.compat.password=" + GATEWAY_PASSWORD,
                    "--faasfed.platforms.openfaas.type=openfaas",
                    "--faasfed.platforms.openfaas.url=" + platforms.openFaas().baseUrl(),
                    "--faasfed.platforms.openfaas.username=" + SandboxPlatforms.OPENFAAS_CREDENTIALS.username(),
                    "--faasfed.platforms.openfaas.password=" + SandboxPlatforms.OPENFAAS_CREDENTIALS.password(),
                    "--faasfed.platforms.openfaas.provider=faasd",
                    "--faasfed.platforms.openfaas.priority=10",
                    "--faasfed.platforms.openwhisk.type=openwhisk",
                    "--faasfed.platforms.openwhisk.url=" + platforms.openWhisk().baseUrl(),
                    "--faasfed.platforms.openwhisk.username=" + SandboxPlatforms.OPENWHISK_CREDENTIALS.username(),
                    "--faasfed.platforms.openwhisk.password=" + SandboxPlatforms.OPENWHISK_CREDENTIALS.password(),
                    "--faasfed.platforms.openwhisk.priority=20",
                    "--faasfed.platforms.fn.type=fn",
                    "--faasfed.platforms.fn.url=" + platforms.fn().baseUrl(),
                    "--faasfed.platforms.fn.app=" + SandboxPlatforms.FN_APP,
                    "--faasfed.platforms.fn.priority=30"));
            args.addAll(List.of(extraArgs));
            ConfigurableApplicationContext gateway = new SpringApplicationBuilder(FederationGatewayApplication.class)
                    .web(WebApplicationType.REACTIVE)
                    .run(args.toArray(String[]::new));
            gateway.getBean(Discovery.class).syncAll().block(Duration.ofSeconds(60));
            return new FaasfedSandbox(platforms, gateway, gatewayUrl);
        } catch (RuntimeException e) {
            platforms.close();
            throw e;
        }
    }

    /** The gateway's base URL. */
    public String gatewayUrl() {
        return gatewayUrl;
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

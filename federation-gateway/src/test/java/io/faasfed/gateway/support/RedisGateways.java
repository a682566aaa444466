package io.faasfed.gateway.support;

import io.faasfed.gateway.FederationGatewayApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway on Redis reached through a {@link TcpProxy} (so a test can cut or freeze it), with short Redis timeouts,
 * a 1 s local-copy refresh, discovery on demand only, and one OpenFaaS platform: the stubs' WireMock.
 */
public final class RedisGateways {

    private RedisGateways() {
    }

    /** Starts it on loopback and a free port; {@code extra} adds or overrides settings ({@code --key=value}). */
    public static ConfigurableApplicationContext start(TcpProxy proxy, String keyPrefix, PlatformStubs stubs,
                                                       String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--faasfed.store=redis", "--faasfed.redis.url=redis://127.0.0.1:" + proxy.port(),
                "--faasfed.redis.key-prefix=" + keyPrefix,
                "--faasfed.redis.command-timeout=2s", "--faasfed.redis.connect-timeout=2s",
                "--faasfed.redis.reconnect-max-delay=1s",
                "--faasfed.redis.local-copy.refresh-interval=1s",
                "--faasfed.discovery.interval=1h",
                "--faasfed.platforms.openfaas.type=openfaas",
                "--faasfed.platforms.openfaas.url=" + stubs.openfaas.baseUrl(),
                "--faasfed.platforms.openfaas.password=" + PlatformStubs.OPENFAAS_PASSWORD));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(FederationGatewayApplication.class).web(WebApplicationType.REACTIVE)
                .run(args.toArray(String[]::new));
    }

    /** The port the gateway listens on. */
    public static int port(ConfigurableApplicationContext gateway) {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }
}

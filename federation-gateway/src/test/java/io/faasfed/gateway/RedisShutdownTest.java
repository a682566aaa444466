package io.faasfed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.support.PlatformStubs;
import io.faasfed.gateway.support.RedisGateways;
import io.faasfed.gateway.support.TcpProxy;
import io.faasfed.testkit.redis.RedisEndpoint;
import io.faasfed.testkit.redis.RedisExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway on Redis stops on time whatever Redis does: closing it while its Redis is gone (the connection
 * reconnecting) or hung (commands in flight, no answers) ends within a bound instead of waiting for ever.
 */
@ExtendWith(RedisExtension.class)
class RedisShutdownTest {

    /** Far above what a bounded close takes (a few seconds), far below a hang. */
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(90);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlatformStubs stubs;
    private TcpProxy proxy;
    private ConfigurableApplicationContext gateway;
    private WebTestClient client;

    @BeforeEach
    void startGatewayOnRedisBehindAProxy(RedisEndpoint redis) {
        stubs = new PlatformStubs();
        stubs.openfaasHealthyWith("hello");
        proxy = TcpProxy.to(redis.host(), redis.port());
        gateway = RedisGateways.start(proxy, redis.uniquePrefix("shutdown"), stubs);
        int port = RedisGateways.port(gateway);
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .defaultHeaders(io.faasfed.gateway.support.TestKeys::admin)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterEach
    void stop() {
        if (gateway != null && gateway.isActive()) {
            gateway.close();
        }
        proxy.close();
        stubs.close();
    }

    @Test
    void aGatewayWhoseRedisIsGoneStopsOnTime() throws Exception {
        proxy.cut();
        healthShowsRedisDown();

        assertStopsOnTime();
    }

    @Test
    void aGatewayWhoseRedisHangsStopsOnTime() throws Exception {
        proxy.freeze();
        healthShowsRedisDown();

        assertStopsOnTime();
    }

    private void healthShowsRedisDown() {
        io.faasfed.gateway.support.Eventually.await("health shows Redis DOWN", Duration.ofSeconds(60),
                () -> client.get().uri("/actuator/health").exchange().expectBody(String.class).returnResult()
                        .getResponseBody(),
                body -> body != null && "DOWN".equals(JSON.readTree(body).path("components").path("redis")
                        .path("status").asString()));
    }

    private void assertStopsOnTime() throws Exception {
        CompletableFuture<Void> closed = CompletableFuture.runAsync(gateway::close);
        closed.get(STOPS_WITHIN.toSeconds(), TimeUnit.SECONDS);
        assertThat(gateway.isActive()).isFalse();
    }
}

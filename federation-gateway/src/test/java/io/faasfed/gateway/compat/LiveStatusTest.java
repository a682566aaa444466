package io.faasfed.gateway.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.registry.Discovery;
import io.faasfed.gateway.registry.FederatedNamespace;
import io.faasfed.gateway.registry.FederatedNamespace.Route;
import io.faasfed.gateway.registry.InMemoryFunctionRegistry;
import io.faasfed.testkit.InMemoryPlatform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveStatusTest {

    private final InMemoryPlatform platform = new InMemoryPlatform("openfaas");
    private final FederatedNamespace namespace;

    LiveStatusTest() {
        PlatformDirectory directory = new PlatformDirectory(List.of(new ConfiguredPlatform(platform, 10, null)), null);
        InMemoryFunctionRegistry registry = new InMemoryFunctionRegistry();
        namespace = new FederatedNamespace(directory, registry,
                new Discovery(directory, registry, new FaasfedProperties.Discovery(), new SimpleMeterRegistry()), null);
    }

    private Route deployed(String image) {
        namespace.deploy(FunctionSpec.builder("echo").image(image).build()).block(Duration.ofSeconds(10));
        return namespace.route("echo", null).block(Duration.ofSeconds(10));
    }

    private String image(LiveStatus live, Route route) {
        return live.read(route).block(Duration.ofSeconds(10)).info().image();
    }

    @Test
    void aZeroTtlReadsThePlatformEveryTime() {
        Route route = deployed("x:1");
        LiveStatus live = new LiveStatus(namespace, Duration.ZERO);
        assertThat(image(live, route)).isEqualTo("x:1");

        platform.deploy(FunctionSpec.builder("echo").image("x:2").build()).block(Duration.ofSeconds(10));

        assertThat(image(live, route)).isEqualTo("x:2");
    }

    @Test
    void withinTheTtlTheLastReadIsReusedUntilAChangeThroughTheGatewayDropsIt() {
        Route route = deployed("x:1");
        LiveStatus live = new LiveStatus(namespace, Duration.ofHours(1));
        assertThat(image(live, route)).isEqualTo("x:1");
        platform.deploy(FunctionSpec.builder("echo").image("x:2").build()).block(Duration.ofSeconds(10));

        assertThat(image(live, route)).isEqualTo("x:1");
        live.forget("echo");
        assertThat(image(live, route)).isEqualTo("x:2");
    }

    @Test
    void aFunctionGoneFromItsPlatformIsNotFoundAndNotServedFromTheRegistry() {
        Route route = deployed("x:1");
        LiveStatus live = new LiveStatus(namespace, Duration.ZERO);
        platform.delete(io.faasfed.adapter.api.FunctionRef.of("echo")).block(Duration.ofSeconds(10));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> live.read(route).block(Duration.ofSeconds(10)))
                .isInstanceOf(io.faasfed.adapter.api.FaasException.FunctionNotFound.class);
    }
}

package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.PlatformType;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.testkit.InMemoryPlatform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Which placement serves a name in a scope, and that every call then uses that placement's reference. */
class FederatedNamespaceScopeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryPlatform openfaas = new InMemoryPlatform("openfaas", PlatformType.OPENFAAS, "openfaas-fn");
    private final InMemoryPlatform openwhisk = new InMemoryPlatform("openwhisk", PlatformType.OPENWHISK, "guest");
    private FederatedNamespace namespace;

    @BeforeEach
    void namespaceOverTwoPlatforms() {
        PlatformDirectory directory = new PlatformDirectory(List.of(new ConfiguredPlatform(openfaas, 10, null),
                new ConfiguredPlatform(openwhisk, 20, null)), null);
        FunctionRegistry registry = new InMemoryFunctionRegistry();
        FaasfedProperties.Discovery settings = new FaasfedProperties().getDiscovery();
        Discovery discovery = new Discovery(directory, registry, settings, new SimpleMeterRegistry());
        namespace = new FederatedNamespace(directory, registry, discovery, null);
        // x: in openwhisk's default package and in package pkg; in openfaas' namespace dev (higher priority)
        openwhisk.deploy(spec("x", null)).then(openwhisk.deploy(spec("x", "pkg")))
                .then(openfaas.deploy(spec("x", "dev")))
                .then(openwhisk.deploy(spec("only", "pkg"))).block(WAIT);
        discovery.syncAll().block(WAIT);
    }

    private static FunctionSpec spec(String name, String scope) {
        return FunctionSpec.builder(name).scope(scope).image("faasfed/samples:" + name + "-" + scope).build();
    }

    private String served(String name, String scope) {
        FederatedNamespace.Route route = namespace.route(name, scope).block(WAIT);
        return route.platform().id() + ":" + route.ref().qualified();
    }

    @Test
    void withoutAScopeTheDefaultScopePlacementServesBeforeAnotherScopeOnAPreferredPlatform() {
        assertThat(served("x", null)).isEqualTo("openwhisk:x");
    }

    @Test
    void aNameOnlyInOtherScopesIsServedByTheBestOfThose() {
        assertThat(served("only", null)).isEqualTo("openwhisk:only.pkg");
    }

    @Test
    void aScopeSelectsItsPlacementAndThePlatformsOwnNameForItsDefaultScopeMeansTheDefaultScope() {
        assertThat(served("x", "pkg")).isEqualTo("openwhisk:x.pkg");
        assertThat(served("x", "dev")).isEqualTo("openfaas:x.dev");
        assertThat(served("x", "guest")).isEqualTo("openwhisk:x");
        StepVerifier.create(namespace.route("x", "openfaas-fn"))
                .expectError(FaasException.FunctionNotFound.class).verify(WAIT);
    }

    @Test
    void deleteInAScopeRemovesExactlyThatPlacementOnThePlatformAndInTheRegistry() {
        StepVerifier.create(namespace.delete("x", "pkg", null).map(Placement::scope))
                .expectNext("pkg").verifyComplete();

        StepVerifier.create(openwhisk.get(FunctionRef.of("x", "pkg")))
                .expectError(FaasException.FunctionNotFound.class).verify(WAIT);
        StepVerifier.create(openwhisk.get(FunctionRef.of("x"))).expectNextCount(1).verifyComplete();
        StepVerifier.create(namespace.placements("x").map(found -> found.stream().map(Placement::scope).toList()))
                .assertNext(scopes -> assertThat(scopes).containsExactlyInAnyOrder(null, "dev"))
                .verifyComplete();
    }

    @Test
    void anUpdateGoesToTheScopeThatServesTheName() {
        FederatedNamespace.Route route = namespace.route("x", "dev").block(WAIT);
        StepVerifier.create(namespace.update(FunctionSpec.builder("x").image("faasfed/samples:x-v2").build(), route))
                .assertNext(info -> assertThat(info.ref().qualified()).isEqualTo("x.dev"))
                .verifyComplete();
        StepVerifier.create(openfaas.get(FunctionRef.of("x", "dev")).map(info -> info.image()))
                .expectNext("faasfed/samples:x-v2").verifyComplete();
        StepVerifier.create(openfaas.get(FunctionRef.of("x"))).expectError(FaasException.FunctionNotFound.class)
                .verify(WAIT);
    }
}

package io.faasfed.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.Capability;
import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.FunctionSpec;
import io.faasfed.adapter.api.Invocation;
import io.faasfed.adapter.api.PlatformHealth;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.adapter.api.PlatformType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class InMemoryPlatformTest {

    private static final Duration VERIFY = Duration.ofSeconds(10);

    private final InMemoryPlatform platform = new InMemoryPlatform("memory");

    private static FunctionSpec spec(String name) {
        return FunctionSpec.builder(name).image("faasfed/samples:" + name).label("team", "fed").build();
    }

    @Test
    void deployedFunctionsAreListedAndReadBackUntilDeleted() {
        StepVerifier.create(platform.deploy(spec("alpha")))
                .assertNext(info -> {
                    assertThat(info.name()).isEqualTo("alpha");
                    assertThat(info.platform()).isEqualTo(PlatformId.of("memory"));
                    assertThat(info.image()).isEqualTo("faasfed/samples:alpha");
                    assertThat(info.labels()).containsEntry("team", "fed");
                })
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.deploy(spec("beta"))).expectNextCount(1).expectComplete().verify(VERIFY);

        StepVerifier.create(platform.list().map(FunctionInfo::name).collectList())
                .assertNext(names -> assertThat(names).containsExactlyInAnyOrder("alpha", "beta"))
                .expectComplete().verify(VERIFY);
        StepVerifier.create(platform.get(FunctionRef.of("beta")).map(FunctionInfo::image))
                .expectNext("faasfed/samples:beta").expectComplete().verify(VERIFY);

        StepVerifier.create(platform.delete(FunctionRef.of("alpha"))).expectComplete().verify(VERIFY);
        StepVerifier.create(platform.list().map(FunctionInfo::name))
                .expectNext("beta").expectComplete().verify(VERIFY);
    }

    @Test
    void deployAndDeleteTakeEffectOnlyWhenSubscribed() {
        platform.deploy(spec("lazy"));

        StepVerifier.create(platform.list()).expectComplete().verify(VERIFY);
        StepVerifier.create(platform.deploy(spec("lazy"))).expectNextCount(1).expectComplete().verify(VERIFY);
        platform.delete(FunctionRef.of("lazy"));
        StepVerifier.create(platform.get(FunctionRef.of("lazy"))).expectNextCount(1).expectComplete().verify(VERIFY);
    }

    @Test
    void getDeleteAndInvokeOfAnUnknownFunctionAreFunctionNotFound() {
        StepVerifier.create(platform.get(FunctionRef.of("ghost")))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.FunctionNotFound.class,
                                notFound -> assertThat(notFound.function()).isEqualTo("ghost")))
                .verify(VERIFY);
        StepVerifier.create(platform.delete(FunctionRef.of("ghost")))
                .expectError(FaasException.FunctionNotFound.class).verify(VERIFY);
        StepVerifier.create(platform.invoke(Invocation.builder("ghost").body("x").build()))
                .expectError(FaasException.FunctionNotFound.class).verify(VERIFY);
    }

    @Test
    void invokeOfADeployedFunctionEchoesTheBodyWith200() {
        StepVerifier.create(platform.deploy(spec("echo"))).expectNextCount(1).expectComplete().verify(VERIFY);

        StepVerifier.create(platform.invoke(Invocation.builder("echo").body("ping").callId("call-1").build())
                        .flatMap(result -> result.bodyAsString().map(body -> {
                            assertThat(result.status()).isEqualTo(200);
                            assertThat(result.callId()).isEqualTo("call-1");
                            assertThat(result.platform()).isEqualTo(platform.id());
                            return body;
                        })))
                .expectNext("ping").expectComplete().verify(VERIFY);
    }

    @Test
    void scaleAndAsyncInvokeAreUnsupportedAndNoCapabilityIsDeclared() {
        StepVerifier.create(platform.deploy(spec("echo"))).expectNextCount(1).expectComplete().verify(VERIFY);

        StepVerifier.create(platform.scale(FunctionRef.of("echo"), 3))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.UnsupportedCapability.class,
                                unsupported -> assertThat(unsupported.capability()).isEqualTo(Capability.SCALE)))
                .verify(VERIFY);
        StepVerifier.create(platform.invokeAsync(Invocation.builder("echo").build()))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(FaasException.UnsupportedCapability.class,
                                unsupported -> assertThat(unsupported.capability())
                                        .isEqualTo(Capability.ASYNC_INVOKE)))
                .verify(VERIFY);
        assertThat(platform.capabilities()).isEmpty();
    }

    @Test
    void probeIsUpAndTheTypeIsOpenFaasUnlessGiven() {
        StepVerifier.create(platform.probe())
                .assertNext(health -> {
                    assertThat(health.status()).isEqualTo(PlatformHealth.Status.UP);
                    assertThat(health.platform()).isEqualTo(PlatformId.of("memory"));
                })
                .expectComplete().verify(VERIFY);
        assertThat(platform.type()).isEqualTo(PlatformType.OPENFAAS);
        assertThat(new InMemoryPlatform("whisk", PlatformType.OPENWHISK).type()).isEqualTo(PlatformType.OPENWHISK);
    }

    @Test
    void aNameLivesOncePerScopeAndTheDefaultScopesOwnNameMeansTheDefaultScope() {
        InMemoryPlatform scoped = new InMemoryPlatform("scoped", PlatformType.OPENWHISK, "guest");
        scoped.deploy(spec("x")).then(scoped.deploy(spec("x").toBuilder().scope("pkg").build())).block(VERIFY);

        StepVerifier.create(scoped.list().map(info -> info.ref().qualified()).collectList())
                .assertNext(refs -> assertThat(refs).containsExactlyInAnyOrder("x", "x.pkg"))
                .expectComplete().verify(VERIFY);
        StepVerifier.create(scoped.get(FunctionRef.of("x", "guest")))
                .assertNext(info -> assertThat(info.scope()).isNull()).expectComplete().verify(VERIFY);
        StepVerifier.create(scoped.delete(FunctionRef.of("x", "pkg"))).expectComplete().verify(VERIFY);
        StepVerifier.create(scoped.get(FunctionRef.of("x", "pkg"))).expectError(FaasException.FunctionNotFound.class)
                .verify(VERIFY);
        StepVerifier.create(scoped.get(FunctionRef.of("x"))).expectNextCount(1).expectComplete().verify(VERIFY);
    }
}

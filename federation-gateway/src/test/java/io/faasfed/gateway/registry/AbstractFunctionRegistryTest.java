package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The behaviour every registry store shares; each store runs it. */
abstract class AbstractFunctionRegistryTest {

    static final PlatformId OPENFAAS = PlatformId.of("openfaas");
    static final PlatformId FN = PlatformId.of("fn");
    static final Duration WAIT = Duration.ofSeconds(10);

    /** The store under test, empty. */
    abstract FunctionRegistry registry();

    static Placement placement(String name, PlatformId platform) {
        return Placement.of(FunctionInfo.builder(name, platform).image("faasfed/samples:" + name)
                .labels(Map.of("team", "fed")).backendRef(platform.value() + "-" + name).build());
    }

    @Test
    void anUnknownNameHasNoPlacements() {
        StepVerifier.create(registry().lookup("ghost")).expectNext(List.of()).verifyComplete();
    }

    @Test
    void putThenLookupReturnsThePlacementWithItsFunction() {
        FunctionRegistry registry = registry();
        registry.put(placement("echo", OPENFAAS)).block(WAIT);

        StepVerifier.create(registry.lookup("echo")).assertNext(found -> {
            assertThat(found).hasSize(1);
            assertThat(found.get(0).platform()).isEqualTo(OPENFAAS);
            assertThat(found.get(0).function().backendRef()).isEqualTo("openfaas-echo");
            assertThat(found.get(0).function().labels()).containsEntry("team", "fed");
        }).verifyComplete();
    }

    @Test
    void aNameOnTwoPlatformsKeepsBothPlacements() {
        FunctionRegistry registry = registry();
        registry.put(placement("shared", OPENFAAS)).then(registry.put(placement("shared", FN))).block(WAIT);

        StepVerifier.create(registry.lookup("shared"))
                .assertNext(found -> assertThat(found).extracting(Placement::platform)
                        .containsExactlyInAnyOrder(OPENFAAS, FN))
                .verifyComplete();
        StepVerifier.create(registry.size()).expectNext(1L).verifyComplete();
    }

    @Test
    void removeDropsOnlyThatPlatformsPlacement() {
        FunctionRegistry registry = registry();
        registry.put(placement("shared", OPENFAAS)).then(registry.put(placement("shared", FN)))
                .then(registry.remove("shared", FN)).block(WAIT);

        StepVerifier.create(registry.lookup("shared"))
                .assertNext(found -> assertThat(found).extracting(Placement::platform).containsExactly(OPENFAAS))
                .verifyComplete();
        registry.remove("shared", OPENFAAS).block(WAIT);
        StepVerifier.create(registry.size()).expectNext(0L).verifyComplete();
    }

    @Test
    void replacePlatformAddsRefreshesAndRemovesVanishedFunctions() {
        FunctionRegistry registry = registry();
        registry.put(placement("old", OPENFAAS)).then(registry.put(placement("kept", OPENFAAS)))
                .then(registry.put(placement("other", FN))).then(registry.markStale(OPENFAAS)).block(WAIT);

        registry.replacePlatform(OPENFAAS, List.of(placement("kept", OPENFAAS), placement("new", OPENFAAS)))
                .block(WAIT);

        StepVerifier.create(registry.lookup("old")).expectNext(List.of()).verifyComplete();
        StepVerifier.create(registry.lookup("kept"))
                .assertNext(found -> assertThat(found.get(0).stale()).isFalse()).verifyComplete();
        StepVerifier.create(registry.lookup("new")).assertNext(found -> assertThat(found).hasSize(1))
                .verifyComplete();
        StepVerifier.create(registry.lookup("other")).assertNext(found -> assertThat(found).hasSize(1))
                .verifyComplete();
        StepVerifier.create(registry.all().count()).expectNext(3L).verifyComplete();
    }

    @Test
    void markStaleKeepsThePlacementsButFlagsThem() {
        FunctionRegistry registry = registry();
        registry.put(placement("a", OPENFAAS)).then(registry.put(placement("b", FN)))
                .then(registry.markStale(OPENFAAS)).block(WAIT);

        StepVerifier.create(registry.lookup("a")).assertNext(found -> assertThat(found.get(0).stale()).isTrue())
                .verifyComplete();
        StepVerifier.create(registry.lookup("b")).assertNext(found -> assertThat(found.get(0).stale()).isFalse())
                .verifyComplete();
    }
}

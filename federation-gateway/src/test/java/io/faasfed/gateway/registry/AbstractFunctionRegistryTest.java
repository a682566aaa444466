package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformId;
import java.time.Duration;
import java.time.Instant;
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

    /** A placement of {@code name} in {@code scope} with image tag {@code tag}, as known at {@code seenAt}. */
    static Placement placement(String name, PlatformId platform, String scope, String tag, Instant seenAt) {
        return new Placement(platform, FunctionInfo.builder(name, platform).scope(scope)
                .image("faasfed/samples:" + tag).build(), seenAt, false);
    }

    /** A fixed point in time the race tests count from, so that they interleave without a clock. */
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private static List<String> images(List<Placement> found) {
        return found.stream().map(placement -> placement.function().image()).sorted().toList();
    }

    @Test
    void aNameInTwoScopesOfOnePlatformKeepsOnePlacementPerScope() {
        FunctionRegistry registry = registry();
        registry.put(placement("echo", OPENFAAS, null, "default", T0))
                .then(registry.put(placement("echo", OPENFAAS, "dev", "dev", T0)))
                .then(registry.put(placement("echo", OPENFAAS, "dev", "dev2", T0.plusSeconds(1)))).block(WAIT);

        StepVerifier.create(registry.lookup("echo"))
                .assertNext(found -> {
                    assertThat(images(found)).containsExactly("faasfed/samples:default", "faasfed/samples:dev2");
                    assertThat(found).extracting(Placement::scope).containsExactlyInAnyOrder(null, "dev");
                })
                .verifyComplete();

        registry.remove("echo", OPENFAAS, "dev", T0.plusSeconds(2)).block(WAIT);
        StepVerifier.create(registry.lookup("echo"))
                .assertNext(found -> assertThat(found).extracting(Placement::scope).containsExactly((String) null))
                .verifyComplete();
    }

    @Test
    void aDiscoveryPassKeepsEveryScopeItListedAndDropsOnlyVanishedOnes() {
        FunctionRegistry registry = registry();
        registry.put(placement("echo", OPENFAAS, null, "default", T0))
                .then(registry.put(placement("echo", OPENFAAS, "dev", "dev", T0)))
                .then(registry.put(placement("echo", OPENFAAS, "old", "old", T0))).block(WAIT);

        registry.replacePlatform(OPENFAAS, List.of(placement("echo", OPENFAAS, null, "default", T0),
                placement("echo", OPENFAAS, "dev", "dev-listed", T0)), T0.plusSeconds(10)).block(WAIT);

        StepVerifier.create(registry.lookup("echo"))
                .assertNext(found -> assertThat(images(found))
                        .containsExactly("faasfed/samples:default", "faasfed/samples:dev-listed"))
                .verifyComplete();
    }

    @Test
    void aDeployWrittenAfterAPassStartedListingIsNotDroppedByThatPass() {
        FunctionRegistry registry = registry();
        Instant listingStarted = T0;
        // the pass lists the platform (the new function is not there yet), then a deploy is recorded ...
        registry.put(placement("fresh", OPENFAAS, null, "deployed", T0.plusMillis(500))).block(WAIT);
        registry.put(placement("echo", OPENFAAS, null, "deployed", T0.plusMillis(500))).block(WAIT);
        // ... and only then does the pass write what it listed (an older version of echo, and no 'fresh').
        registry.replacePlatform(OPENFAAS, List.of(placement("echo", OPENFAAS, null, "listed", T0)),
                listingStarted).block(WAIT);

        StepVerifier.create(registry.lookup("fresh"))
                .assertNext(found -> assertThat(images(found)).containsExactly("faasfed/samples:deployed"))
                .verifyComplete();
        StepVerifier.create(registry.lookup("echo"))
                .assertNext(found -> assertThat(images(found)).containsExactly("faasfed/samples:deployed"))
                .verifyComplete();

        // a later pass that does not list it any more removes it
        registry.replacePlatform(OPENFAAS, List.of(), T0.plusSeconds(5)).block(WAIT);
        StepVerifier.create(registry.lookup("fresh")).expectNext(List.of()).verifyComplete();
    }

    @Test
    void aDeleteAfterAPassStartedListingIsNotUndoneByThatPass() {
        FunctionRegistry registry = registry();
        registry.put(placement("gone", OPENFAAS, "dev", "v1", T0.minusSeconds(60))).block(WAIT);
        // the pass lists the platform (still with 'gone'), then the delete through the gateway is recorded ...
        registry.remove("gone", OPENFAAS, "dev", T0.plusMillis(500)).block(WAIT);
        // ... and only then does the pass write what it listed.
        registry.replacePlatform(OPENFAAS, List.of(placement("gone", OPENFAAS, "dev", "v1", T0)), T0).block(WAIT);

        StepVerifier.create(registry.lookup("gone")).expectNext(List.of()).verifyComplete();
        StepVerifier.create(registry.size()).expectNext(0L).verifyComplete();

        // a pass that started after the delete and still lists it means the platform has it again
        registry.replacePlatform(OPENFAAS, List.of(placement("gone", OPENFAAS, "dev", "v2", T0)),
                T0.plusSeconds(5)).block(WAIT);
        StepVerifier.create(registry.lookup("gone"))
                .assertNext(found -> assertThat(images(found)).containsExactly("faasfed/samples:v2"))
                .verifyComplete();
    }

    @Test
    void aDeployAfterADeleteClearsItsTombstone() {
        FunctionRegistry registry = registry();
        registry.remove("back", FN, null, T0.plusSeconds(1)).block(WAIT);
        registry.put(placement("back", FN, null, "again", T0.plusSeconds(2))).block(WAIT);
        registry.replacePlatform(FN, List.of(placement("back", FN, null, "listed", T0)), T0).block(WAIT);

        StepVerifier.create(registry.lookup("back"))
                .assertNext(found -> assertThat(images(found)).containsExactly("faasfed/samples:again"))
                .verifyComplete();
    }

    @Test
    void markStaleFlagsEveryScopeOfThePlatformAndAPassMakesThemFreshAgain() {
        FunctionRegistry registry = registry();
        registry.put(placement("echo", OPENFAAS, null, "default", T0))
                .then(registry.put(placement("echo", OPENFAAS, "dev", "dev", T0)))
                .then(registry.put(placement("echo", FN, null, "fn", T0)))
                .then(registry.markStale(OPENFAAS)).then(registry.markStale(OPENFAAS)).block(WAIT);

        StepVerifier.create(registry.lookup("echo"))
                .assertNext(found -> assertThat(found).allSatisfy(placement -> assertThat(placement.stale())
                        .isEqualTo(placement.platform().equals(OPENFAAS))))
                .verifyComplete();

        registry.replacePlatform(OPENFAAS, List.of(placement("echo", OPENFAAS, null, "default", T0),
                placement("echo", OPENFAAS, "dev", "dev", T0)), T0.plusSeconds(1)).block(WAIT);
        StepVerifier.create(registry.lookup("echo"))
                .assertNext(found -> {
                    assertThat(found).hasSize(3);
                    assertThat(found).noneMatch(Placement::stale);
                })
                .verifyComplete();
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
                .then(registry.remove("shared", FN, null, Instant.now())).block(WAIT);

        StepVerifier.create(registry.lookup("shared"))
                .assertNext(found -> assertThat(found).extracting(Placement::platform).containsExactly(OPENFAAS))
                .verifyComplete();
        registry.remove("shared", OPENFAAS, null, Instant.now()).block(WAIT);
        StepVerifier.create(registry.size()).expectNext(0L).verifyComplete();
    }

    @Test
    void replacePlatformAddsRefreshesAndRemovesVanishedFunctions() {
        FunctionRegistry registry = registry();
        registry.put(placement("old", OPENFAAS)).then(registry.put(placement("kept", OPENFAAS)))
                .then(registry.put(placement("other", FN))).then(registry.markStale(OPENFAAS)).block(WAIT);

        registry.replacePlatform(OPENFAAS, List.of(placement("kept", OPENFAAS), placement("new", OPENFAAS)),
                Instant.now().plusSeconds(1)).block(WAIT);

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

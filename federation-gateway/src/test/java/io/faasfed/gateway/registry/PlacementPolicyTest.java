package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.testkit.InMemoryPlatform;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {

    private final PlatformDirectory directory = new PlatformDirectory(List.of(
            new ConfiguredPlatform(new InMemoryPlatform("openfaas"), 10, null),
            new ConfiguredPlatform(new InMemoryPlatform("fn"), 20, null),
            new ConfiguredPlatform(new InMemoryPlatform("openwhisk"), 20, null)), null);
    private final PlacementPolicy policy = new PlacementPolicy(directory);

    private static Placement on(String platform, Map<String, String> labels, boolean stale) {
        return new Placement(PlatformId.of(platform), FunctionInfo.builder("shared", PlatformId.of(platform))
                .labels(labels).build(), Instant.now(), stale);
    }

    @Test
    void lowerPriorityWins() {
        List<Placement> ordered = policy.order(List.of(on("fn", Map.of(), false), on("openfaas", Map.of(), false)));

        assertThat(ordered).extracting(p -> p.platform().value()).containsExactly("openfaas", "fn");
        assertThat(policy.reason(ordered.get(0), ordered.get(1), directory)).isEqualTo("priority 10 < 20");
    }

    @Test
    void aPinLabelWinsOverPriority() {
        List<Placement> ordered = policy.order(List.of(on("openfaas", Map.of(), false),
                on("fn", Map.of(Placement.PIN_LABEL, "fn"), false)));

        assertThat(ordered.get(0).platform().value()).isEqualTo("fn");
        assertThat(policy.reason(ordered.get(0), ordered.get(1), directory))
                .isEqualTo("pinned by label faasfed.platform=fn");
    }

    @Test
    void aPinNamingAnotherPlatformPinsNothing() {
        List<Placement> ordered = policy.order(List.of(on("fn", Map.of(Placement.PIN_LABEL, "openwhisk"), false),
                on("openfaas", Map.of(), false)));

        assertThat(ordered.get(0).platform().value()).isEqualTo("openfaas");
    }

    @Test
    void freshBeatsStaleBeforePriority() {
        List<Placement> ordered = policy.order(List.of(on("openfaas", Map.of(), true), on("fn", Map.of(), false)));

        assertThat(ordered.get(0).platform().value()).isEqualTo("fn");
    }

    @Test
    void samePriorityFallsBackToThePlatformIdSoTheOrderIsDeterministic() {
        List<Placement> ordered = policy.order(List.of(on("openwhisk", Map.of(), false), on("fn", Map.of(), false)));

        assertThat(ordered).extracting(p -> p.platform().value()).containsExactly("fn", "openwhisk");
    }
}

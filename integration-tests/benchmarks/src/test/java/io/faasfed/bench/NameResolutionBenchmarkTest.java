package io.faasfed.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keeps the benchmark honest: its state resolves what it claims to, at both sizes (no timing is asserted). */
class NameResolutionBenchmarkTest {

    @Test
    void resolvesEveryNameToAPlacementAtBothSizes() {
        for (int size : new int[] {10, 10_000}) {
            NameResolutionBenchmark benchmark = new NameResolutionBenchmark();
            benchmark.functions = size;
            benchmark.fill();
            for (int i = 0; i < size; i++) {
                assertThat(benchmark.resolve().placement().name()).isEqualTo("function-" + i);
            }
            assertThat(benchmark.baselineMapGet()).isNotNull();
        }
    }

    @Test
    void aCollisionResolvesToTheLowerPriorityPlatform() {
        NameResolutionBenchmark benchmark = new NameResolutionBenchmark();
        benchmark.functions = 10;
        benchmark.fill();
        // function-0 lives on openfaas (priority 10) and fn (20): openfaas serves it.
        assertThat(benchmark.resolve().platform().id().value()).isEqualTo("openfaas");
    }
}

package io.faasfed.gateway.composition.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract in memory, plus its expiry and its bound on kept runs. */
class InMemoryCompositionStoreTest extends AbstractCompositionStoreTest {

    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void createStore() {
        store = new InMemoryCompositionStore(clock, 3);
    }

    @Test
    void runsExpireAfterTheirTtl() {
        store.saveRun(RunInfo.started("r", "t", "c", 1, T0), TTL).block();
        clock.advance(TTL.minusSeconds(1));
        assertThat(store.run("r").blockOptional()).isPresent();
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(store.run("r").blockOptional()).isEmpty();
    }

    @Test
    void atMostMaxRunsAreKeptTheOldestDroppedFirst() {
        for (int i = 0; i < 5; i++) {
            store.saveRun(RunInfo.started("r" + i, "t", "c", 1, T0), TTL).block();
            clock.advance(java.time.Duration.ofSeconds(1));
        }
        assertThat(java.util.stream.IntStream.range(0, 5).filter(i -> store.run("r" + i).blockOptional()
                .isPresent()).boxed().toList()).containsExactly(2, 3, 4);
    }
}

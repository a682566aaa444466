package io.faasfed.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The async behaviour in memory, where the test's clock is the only time. */
class InMemoryAsyncStoreTest extends AbstractAsyncStoreTest {

    @Override
    AsyncStore newStore() {
        return new InMemoryAsyncStore(clock);
    }

    @Override
    AsyncStore replica() {
        return store;
    }

    @Override
    void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void aClaimThresholdIsMetExactlyAtItsIdleTime() {
        submit(store, "c1");
        take(store, "w1", 1);

        clock.advance(CLAIM_IDLE.minusMillis(1));
        assertThat(store.take("w2", 1, CLAIM_IDLE, Duration.ZERO).block(WAIT)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        List<Job> claimed = store.take("w2", 1, CLAIM_IDLE, Duration.ZERO).block(WAIT);

        assertThat(single(claimed, "c1").deliveries()).isEqualTo(2);
    }

    @Test
    void anIdempotencyKeyLivesUntilJustBeforeItsTtl() {
        submit(store, "c1", "team-a", "k1");

        clock.advance(Duration.ofSeconds(2).minusMillis(1));
        assertThat(submit(store, "c2", "team-a", "k1").duplicate()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(submit(store, "c3", "team-a", "k1").duplicate()).isFalse();
    }
}

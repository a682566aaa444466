package io.faasfed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory buckets: the shared behaviour, and memory that stays bounded. */
class InMemoryRateLimiterTest extends AbstractRateLimiterTest {

    @Override
    RateLimiter limiter(Clock clock) {
        return new InMemoryRateLimiter(InMemoryRateLimiter.DEFAULT_MAX_BUCKETS, clock);
    }

    @Test
    void bucketsThatAreFullAgainAreDroppedAtTheNextSweep() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(1_000, clock);
        Bandwidth fast = Bandwidth.perSecond(10, 10);
        Bandwidth slow = Bandwidth.perSecond(10, 0.001);
        for (int i = 0; i < 100; i++) {
            limiter.tryConsume("idle-" + i, fast).block(WAIT);
        }
        limiter.tryConsume("busy", slow).block(WAIT);
        assertThat(limiter.size()).isEqualTo(101);

        clock.advance(InMemoryRateLimiter.SWEEP_INTERVAL);
        limiter.tryConsume("other", fast).block(WAIT);

        assertThat(limiter.size()).as("the idle buckets were full again after 0.1 s; 'busy' needs 1000 s")
                .isEqualTo(2);
        assertThat(limiter.tryConsume("busy", slow).block(WAIT).remaining())
                .as("a bucket that is not full is kept with its level").isEqualTo(8);
    }

    @Test
    void noMoreThanTheCapOfBucketsIsHeld() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(100, clock);
        Bandwidth slow = Bandwidth.perSecond(10, 0.001);

        for (int i = 0; i < 1_000; i++) {
            limiter.tryConsume("address-" + i, slow).block(WAIT);
            assertThat(limiter.size()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void aDroppedBucketStartsFullAgain() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(1, clock);
        Bandwidth one = Bandwidth.perSecond(1, 0.001);
        assertThat(limiter.tryConsume("a", one).block(WAIT).allowed()).isTrue();
        assertThat(limiter.tryConsume("b", one).block(WAIT).allowed()).isTrue();

        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryConsume("a", one).block(WAIT).allowed())
                .as("'a' was dropped to keep the cap: it errs towards the caller, never against").isTrue();
    }
}

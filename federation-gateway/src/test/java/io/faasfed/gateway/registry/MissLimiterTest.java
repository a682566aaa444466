package io.faasfed.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.adapter.api.PlatformId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The negative cache and the global lookup budget, on a clock the test moves. */
class MissLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private MissLimiter limiter(Duration ttl, int maxNames, double rate, int burst) {
        return new MissLimiter(ttl, maxNames, rate, burst, meters, nanos::get);
    }

    @Test
    void theBudgetAllowsTheBurstThenTheRate() {
        MissLimiter limiter = limiter(Duration.ofSeconds(5), 100, 2, 3);

        assertThat(List.of(limiter.tryLookup(), limiter.tryLookup(), limiter.tryLookup(), limiter.tryLookup()))
                .containsExactly(true, true, true, false);
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limiter.tryLookup()).isTrue();
        assertThat(limiter.tryLookup()).isFalse();
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(List.of(limiter.tryLookup(), limiter.tryLookup(), limiter.tryLookup(), limiter.tryLookup()))
                .as("the bucket never holds more than the burst").containsExactly(true, true, true, false);
        assertThat(meters.counter("faasfed.discovery.miss.suppressed", "reason", "rate-limit").count()).isEqualTo(3);
        assertThat(meters.counter("faasfed.discovery.miss.lookups").count()).isEqualTo(7);
    }

    @Test
    void aMissIsRememberedForTheTtlWithThePlatformsThatCouldNotBeAsked() {
        MissLimiter limiter = limiter(Duration.ofSeconds(5), 100, 1, 1);
        limiter.remember("ghost", Map.of(PlatformId.of("fn"), "connection refused"));

        assertThat(limiter.remembered("ghost").unreachable()).containsOnlyKeys(PlatformId.of("fn"));
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(limiter.remembered("ghost")).isNull();
        assertThat(meters.counter("faasfed.discovery.miss.suppressed", "reason", "negative-cache").count())
                .isEqualTo(1);
    }

    @Test
    void theNegativeCacheIsBoundedOldestFirst() {
        MissLimiter limiter = limiter(Duration.ofHours(1), 2, 1, 1);
        limiter.remember("a", Map.of());
        limiter.remember("b", Map.of());
        limiter.remember("c", Map.of());

        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.remembered("a")).isNull();
        assertThat(limiter.remembered("c")).isNotNull();
    }

    @Test
    void forgettingEvictsNames() {
        MissLimiter limiter = limiter(Duration.ofHours(1), 100, 1, 1);
        limiter.remember("a", Map.of());
        limiter.remember("b", Map.of());
        limiter.remember("c", Map.of());

        limiter.forget("a");
        limiter.forgetAll(List.of("b", "x", "y", "z"));

        assertThat(limiter.remembered("a")).isNull();
        assertThat(limiter.remembered("b")).isNull();
        assertThat(limiter.remembered("c")).isNotNull();
    }

    @Test
    void aZeroTtlDisablesTheNegativeCache() {
        MissLimiter limiter = limiter(Duration.ZERO, 100, 1, 1);
        limiter.remember("a", Map.of());

        assertThat(limiter.remembered("a")).isNull();
    }
}

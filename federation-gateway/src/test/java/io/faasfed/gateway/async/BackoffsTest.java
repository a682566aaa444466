package io.faasfed.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffsTest {

    private static AsyncProperties.Backoff settings(long initialMillis, long maxMillis, double multiplier,
                                                    double jitter) {
        AsyncProperties.Backoff backoff = new AsyncProperties.Backoff();
        backoff.setInitial(Duration.ofMillis(initialMillis));
        backoff.setMax(Duration.ofMillis(maxMillis));
        backoff.setMultiplier(multiplier);
        backoff.setJitter(jitter);
        return backoff;
    }

    @Test
    void waitsGrowExponentiallyUpToTheCapWithoutJitter() {
        Backoffs backoffs = new Backoffs(settings(1000, 60_000, 2, 0), () -> 0.99);
        assertThat(backoffs.after(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoffs.after(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoffs.after(5, null)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoffs.after(7, null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoffs.after(500, null)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterTakesItsShareBetweenTheLowestAndTheFullWait() {
        AsyncProperties.Backoff half = settings(1000, 60_000, 2, 0.5);
        assertThat(new Backoffs(half, () -> 0.0).after(3, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(new Backoffs(half, () -> 0.5).after(3, null)).isEqualTo(Duration.ofSeconds(3));
        assertThat(new Backoffs(half, () -> 0.999_999).after(3, null)).isEqualTo(Duration.ofSeconds(4));
        AsyncProperties.Backoff full = settings(1000, 60_000, 2, 1);
        assertThat(new Backoffs(full, () -> 0.0).after(3, null)).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void aPlatformsRetryAfterIsTheLeastWait() {
        Backoffs backoffs = new Backoffs(settings(1000, 60_000, 2, 0), () -> 0.5);
        assertThat(backoffs.after(1, Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoffs.after(5, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void settingsThatCannotWorkAreRefusedSayingWhich() {
        assertThatThrownBy(() -> new Backoffs(settings(0, 1000, 2, 0), () -> 0.5))
                .hasMessageContaining("backoff.initial");
        assertThatThrownBy(() -> new Backoffs(settings(2000, 1000, 2, 0), () -> 0.5))
                .hasMessageContaining("backoff.max");
    }
}

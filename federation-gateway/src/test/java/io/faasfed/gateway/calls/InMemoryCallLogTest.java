package io.faasfed.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The call log in memory, where the test's clock is the only time: its bound and its TTL. */
class InMemoryCallLogTest extends AbstractCallLogTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    @Override
    CallLog newLog() {
        return new InMemoryCallLog(10, TTL, clock);
    }

    @Test
    void theOldestEntryIsEvictedPastTheBoundAndLeavesItsParentsIndex() {
        log = new InMemoryCallLog(3, TTL, clock);
        write(entry("c1", "team-a", "p", T0), entry("c2", "team-a", "p", T0.plusSeconds(1)),
                entry("c3", "team-a", "p", T0.plusSeconds(2)));
        write(entry("c4", "team-a", "p", T0.plusSeconds(3)));

        assertThat(((InMemoryCallLog) log).size()).isEqualTo(3);
        assertThat(log.entry("c1").block(WAIT)).isNull();
        assertThat(log.entry("c4").block(WAIT)).isNotNull();
        assertThat(children("team-a", "p")).containsExactly("c2", "c3", "c4");
    }

    @Test
    void anEntryLivesUntilJustBeforeItsTtl() {
        write(entry("c1", "team-a", "p", T0));

        clock.advance(TTL.minusMillis(1));
        assertThat(log.entry("c1").block(WAIT)).isNotNull();
        assertThat(children("team-a", "p")).containsExactly("c1");
        clock.advance(Duration.ofMillis(1));
        assertThat(log.entry("c1").block(WAIT)).isNull();
        assertThat(children("team-a", "p")).isEmpty();
        assertThat(((InMemoryCallLog) log).size()).isZero();
    }

    @Test
    void aBoundOrTtlThatKeepsNothingIsRefused() {
        assertThatThrownBy(() -> new InMemoryCallLog(0, TTL, clock)).hasMessageContaining("maxEntries: 0");
        assertThatThrownBy(() -> new InMemoryCallLog(1, Duration.ZERO, clock)).hasMessageContaining("ttl: PT0S");
    }
}

package io.faasfed.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link CallLog} shares; each implementation runs it against its own store. */
abstract class AbstractCallLogTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    CallLog log;

    /** A fresh, empty log. */
    abstract CallLog newLog();

    @BeforeEach
    void createLog() {
        log = newLog();
    }

    static CallEntry entry(String id, String tenant, String parentId, Instant start) {
        return new CallEntry(id, tenant, parentId, "4bf92f3577b34da6a3ce929d0e0e4736", "echo", "openfaas", 200,
                start, 12, CallEntry.SYNC);
    }

    void write(CallEntry... entries) {
        log.write(List.of(entries)).block(WAIT);
    }

    List<String> children(String tenant, String parentId) {
        return log.children(tenant, parentId, 100).collectList().block(WAIT);
    }

    @Test
    void anEntryReadsBackAsWritten() {
        CallEntry written = new CallEntry("c1", "team-a", "p1", "4bf92f3577b34da6a3ce929d0e0e4736", "echo", "fn",
                502, T0, 1234, CallEntry.SYNC);
        write(written);

        assertThat(log.entry("c1").block(WAIT)).isEqualTo(written);
        assertThat(log.entry("c2").block(WAIT)).isNull();
    }

    @Test
    void anAsyncEntryWithoutStatusOrParentReadsBack() {
        CallEntry written = new CallEntry("a1", "-", null, null, "echo", "openwhisk", null, T0, 0, CallEntry.ASYNC);
        write(written);

        assertThat(log.entry("a1").block(WAIT)).isEqualTo(written);
        assertThat(children("-", "a1")).isEmpty();
    }

    @Test
    void childrenComeOldestFirstWhateverTheOrderOfWriting() {
        write(entry("late", "team-a", "root", T0.plusSeconds(3)), entry("early", "team-a", "root", T0.plusSeconds(1)));
        write(entry("middle", "team-a", "root", T0.plusSeconds(2)), entry("root", "team-a", null, T0));

        assertThat(children("team-a", "root")).containsExactly("early", "middle", "late");
        assertThat(log.children("team-a", "root", 2).collectList().block(WAIT)).containsExactly("early", "middle");
        assertThat(children("team-a", "early")).isEmpty();
    }

    @Test
    void aChildIsIndexedUnderItsOwnTenantOnly() {
        write(entry("a1", "team-a", null, T0), entry("a2", "team-a", "a1", T0.plusSeconds(1)),
                entry("b1", "team-b", "a1", T0.plusSeconds(2)));

        assertThat(children("team-a", "a1")).containsExactly("a2");
        assertThat(children("team-b", "a1")).containsExactly("b1");
    }

    @Test
    void writingAnEntryAgainKeepsOneChild() {
        write(entry("c1", "team-a", "p", T0));
        write(entry("c1", "team-a", "p", T0));

        assertThat(children("team-a", "p")).containsExactly("c1");
    }
}

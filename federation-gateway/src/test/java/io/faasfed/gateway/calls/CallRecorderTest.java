package io.faasfed.gateway.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.faasfed.gateway.support.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The recorder between calls and the log: batches, one write at a time, drops that are counted, never waited on. */
class CallRecorderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ControlledLog log = new ControlledLog();
    private CallRecorder recorder;

    @AfterEach
    void close() {
        if (recorder != null) {
            recorder.close();
        }
    }

    private static CallEntry entry(String id) {
        return new CallEntry(id, "team-a", null, null, "echo", "openfaas", 200, Instant.EPOCH, 1, CallEntry.SYNC);
    }

    private double droppedMetric() {
        return meters.get("faasfed.call.records.dropped").counter().count();
    }

    @Test
    void entriesThatArriveWhileABatchIsWrittenGoInTheNextBatch() {
        recorder = new CallRecorder(log, 10, 10, WAIT, meters);

        recorder.record(entry("c1"));
        Eventually.await("the first batch is being written", WAIT, () -> log.batches.size() == 1);
        recorder.record(entry("c2"));
        recorder.record(entry("c3"));
        assertThat(log.batches).hasSize(1);
        log.pending.get(0).tryEmitEmpty();

        Eventually.await("the second batch is being written", WAIT, () -> log.batches.size() == 2);
        assertThat(log.batches.get(0)).extracting(CallEntry::id).containsExactly("c1");
        assertThat(log.batches.get(1)).extracting(CallEntry::id).containsExactly("c2", "c3");
        assertThat(recorder.droppedCount()).isZero();
    }

    @Test
    void aFullBufferDropsAndCountsWithoutWaiting() {
        recorder = new CallRecorder(log, 2, 10, WAIT, meters);
        recorder.record(entry("c1"));
        Eventually.await("the first batch is being written", WAIT, () -> log.batches.size() == 1);

        for (int i = 2; i <= 6; i++) {
            recorder.record(entry("c" + i));
        }

        assertThat(recorder.droppedCount()).isEqualTo(3);
        assertThat(droppedMetric()).isEqualTo(3.0);
        log.pending.get(0).tryEmitEmpty();
        Eventually.await("the buffered two are written", WAIT, () -> log.batches.size() == 2);
        assertThat(log.batches.get(1)).extracting(CallEntry::id).containsExactly("c2", "c3");
    }

    @Test
    void aFailingStoreDropsTheBatchAndTheNextOneIsWrittenAgain() {
        recorder = new CallRecorder(log, 10, 10, WAIT, meters);
        log.failNext = true;

        recorder.record(entry("c1"));
        Eventually.await("the failed batch is counted", WAIT, () -> recorder.droppedCount() == 1);
        recorder.record(entry("c2"));
        Eventually.await("the next batch is written", WAIT, () -> log.batches.size() == 1);

        assertThat(log.batches.get(0)).extracting(CallEntry::id).containsExactly("c2");
        assertThat(droppedMetric()).isEqualTo(1.0);
    }

    @Test
    void aBatchHoldsAtMostTheBatchSize() {
        recorder = new CallRecorder(log, 10, 2, WAIT, meters);
        recorder.record(entry("c1"));
        Eventually.await("the first batch is being written", WAIT, () -> log.batches.size() == 1);
        for (int i = 2; i <= 5; i++) {
            recorder.record(entry("c" + i));
        }
        log.pending.get(0).tryEmitEmpty();
        Eventually.await("the second batch is being written", WAIT, () -> log.batches.size() == 2);

        assertThat(log.batches.get(1)).extracting(CallEntry::id).containsExactly("c2", "c3");
    }

    @Test
    void theNoneRecorderKeepsNothing() {
        CallRecorder.NONE.record(entry("c1"));

        assertThat(CallRecorder.NONE.enabled()).isFalse();
        assertThat(CallRecorder.NONE.droppedCount()).isZero();
    }

    /** A log whose writes finish when the test says so (or fail at once, unrecorded, when asked). */
    private static final class ControlledLog implements CallLog {
        final List<List<CallEntry>> batches = new CopyOnWriteArrayList<>();
        final List<Sinks.Empty<Void>> pending = new CopyOnWriteArrayList<>();
        volatile boolean failNext;

        @Override
        public Mono<Void> write(List<CallEntry> entries) {
            if (failNext) {
                failNext = false;
                return Mono.error(new IllegalStateException("store away"));
            }
            batches.add(List.copyOf(entries));
            Sinks.Empty<Void> done = Sinks.empty();
            pending.add(done);
            return done.asMono();
        }

        @Override
        public Mono<CallEntry> entry(String id) {
            return Mono.empty();
        }

        @Override
        public Flux<String> children(String tenant, String parentId, int limit) {
            return Flux.empty();
        }
    }
}

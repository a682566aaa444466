package io.faasfed.gateway.calls;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Takes call entries off the request path: {@link #record} puts one on a bounded buffer and returns at once; one
 * writer at a time drains the buffer into the {@link CallLog} in batches (entries that arrive while a batch is written
 * wait for the next one). A full buffer, a failing or slow store: the entries are dropped and counted
 * ({@code faasfed.call.records.dropped}, {@code faasfed_call_records_dropped_total} in Prometheus), never the call
 * failed or slowed down.
 */
public final class CallRecorder implements AutoCloseable {

    /** A recorder that records nothing ({@code faasfed.calls.record-sync=false} and tests of other parts). */
    public static final CallRecorder NONE = new CallRecorder();

    private static final Logger log = LoggerFactory.getLogger(CallRecorder.class);

    private final CallLog callLog;
    /** Lock-free (a contended lock would park an event-loop thread): bounded by {@link #buffered}. */
    private final ConcurrentLinkedQueue<CallEntry> buffer;
    private final AtomicInteger buffered = new AtomicInteger();
    private final int capacity;
    private final int batchSize;
    private final Duration writeTimeout;
    private final Counter dropped;
    private final Scheduler scheduler;
    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicBoolean warned = new AtomicBoolean();

    private CallRecorder() {
        this.callLog = null;
        this.buffer = null;
        this.capacity = 0;
        this.batchSize = 0;
        this.writeTimeout = null;
        this.dropped = null;
        this.scheduler = null;
    }

    /**
     * @param callLog      where entries go
     * @param capacity     how many entries may wait ({@code faasfed.calls.buffer-size})
     * @param batchSize    the most entries written at once
     * @param writeTimeout how long one batch may take before it counts as dropped
     * @param meters       where drops are counted
     */
    public CallRecorder(CallLog callLog, int capacity, int batchSize, Duration writeTimeout, MeterRegistry meters) {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + ", batchSize: " + batchSize
                    + " (expected: both > 0)");
        }
        this.callLog = requireNonNull(callLog, "callLog");
        this.buffer = new ConcurrentLinkedQueue<>();
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.writeTimeout = requireNonNull(writeTimeout, "writeTimeout");
        this.dropped = Counter.builder("faasfed.call.records.dropped")
                .description("Call records dropped: the call log's buffer was full or its store failed")
                .baseUnit("records").register(meters);
        this.scheduler = Schedulers.newSingle("faasfed-call-log", true);
    }

    /** Whether this recorder keeps anything (false for {@link #NONE}). */
    public boolean enabled() {
        return callLog != null;
    }

    /** Queues {@code entry} for writing; never blocks, never fails (a full buffer drops and counts it). */
    public void record(CallEntry entry) {
        if (callLog == null) {
            return;
        }
        if (buffered.incrementAndGet() > capacity) {
            buffered.decrementAndGet();
            drop(1, "the call log's buffer is full (faasfed.calls.buffer-size)");
            return;
        }
        buffer.offer(entry);
        if (active.compareAndSet(false, true)) {
            schedule();
        }
    }

    /** How many entries were dropped so far. */
    public long droppedCount() {
        return dropped == null ? 0 : (long) dropped.count();
    }

    /**
     * Writes one batch, then schedules itself again; with nothing left to write it ends, and {@link #record} starts
     * it again. {@code active} is true from the first schedule to that end, so one batch at most is being written.
     */
    private void drain() {
        List<CallEntry> batch = new ArrayList<>(Math.min(batchSize, Math.max(1, buffered.get())));
        CallEntry next;
        while (batch.size() < batchSize && (next = buffer.poll()) != null) {
            batch.add(next);
            buffered.decrementAndGet();
        }
        if (batch.isEmpty()) {
            active.set(false);
            // an entry queued between the drain and the reset found the writer still active: start again for it
            if (!buffer.isEmpty() && active.compareAndSet(false, true)) {
                schedule();
            }
            return;
        }
        Mono.defer(() -> callLog.write(batch))
                .timeout(writeTimeout)
                .doOnSuccess(done -> warned.set(false))
                .onErrorResume(error -> {
                    drop(batch.size(), "the call log's store failed: " + error);
                    return Mono.empty();
                })
                .doFinally(signal -> schedule())
                .subscribe();
    }

    private void schedule() {
        try {
            scheduler.schedule(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the gateway is stopping: what is still buffered is not written
            active.set(false);
        }
    }

    private void drop(int count, String why) {
        dropped.increment(count);
        if (warned.compareAndSet(false, true)) {
            log.warn("dropping call records ({}); calls go on, their trees will miss them", why);
        } else {
            log.debug("dropped {} call records: {}", count, why);
        }
    }

    /** Stops the writer; entries still waiting are not written. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.dispose();
        }
    }
}

package io.faasfed.gateway.async;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable side of asynchronous calls, shared by every gateway replica: the stored requests, their records, one
 * queue of jobs consumed by one consumer group (each replica a consumer), a delayed set for jobs due later (retries
 * with back-off), and the dead-letter list. Redis in production ({@code RedisAsyncStore}: a stream with a consumer
 * group, a sorted set, Lua scripts for every multi-key step); in memory for the embedded default (not durable).
 *
 * <p>At-least-once: a job handed out by {@link #take} stays pending in its consumer's name until that consumer
 * records its outcome with {@link #finish} or {@link #retryAt} (which acknowledge it in the same atomic step); a
 * pending job idle longer than the claim threshold (its consumer died, or stopped calling {@link #touch}) is handed
 * to the next consumer that calls {@link #take}. A job may therefore run more than once, never zero times.
 *
 * <p>Every method fails (with the store's own exception) when the store cannot be reached; none waits longer than
 * the store's command timeout, apart from {@link #take}'s {@code wait}.
 */
public interface AsyncStore {

    /**
     * Stores {@code request} and its {@code record} and queues a {@link JobKind#RUN} job for it, all or nothing. With
     * an {@code idempotencyKey} (already scoped by the caller, e.g. {@code tenant + function + key}) that was
     * submitted before and has not expired, stores nothing and answers the earlier call's id with
     * {@code duplicate=true}. The idempotency key expires after {@code idempotencyTtl}.
     *
     * @param request        the call
     * @param record         its queued record
     * @param idempotencyKey null for none
     * @param idempotencyTtl how long the key is remembered
     */
    Mono<Submission> submit(AsyncRequest request, CallRecord record, String idempotencyKey, Duration idempotencyTtl);

    /**
     * Up to {@code max} jobs for {@code consumer}: first jobs pending in any consumer's name and idle longer than
     * {@code claimIdle} (claimed by {@code consumer}, their deliveries count grows), then new ones. Waits at most
     * {@code wait} when there is none, then completes with an empty list.
     */
    Mono<List<Job>> take(String consumer, int max, Duration claimIdle, Duration wait);

    /** Resets the idle time of {@code jobs}, which {@code consumer} still works on (so that nobody claims them). */
    Mono<Void> touch(String consumer, List<Job> jobs);

    /** The stored request of a call; empty when there is none (expired, or never stored). */
    Mono<AsyncRequest> request(String callId);

    /** The record of a call; empty when there is none. */
    Mono<CallRecord> record(String callId);

    /** Replaces the record of a call (progress: an attempt started, a platform call id learnt). */
    Mono<Void> save(CallRecord record);

    /**
     * In one atomic step: replaces the record, acknowledges {@code job} and schedules a job of the same kind for the
     * same call, due at {@code due}.
     */
    Mono<Void> retryAt(Job job, CallRecord record, Instant due);

    /**
     * In one atomic step: replaces the record with its final version, acknowledges {@code job}, queues a
     * {@code next} job for the call when it is not null (the callback after a run), and when {@code deadLetter} puts
     * the call on the dead-letter list. The record and the request expire after {@code ttl}.
     */
    Mono<Void> finish(Job job, CallRecord record, JobKind next, boolean deadLetter, Duration ttl);

    /**
     * Acknowledges {@code job} and removes it from the queue without touching any record: for a job whose call has no
     * stored request or record any more (expired), which nobody can run.
     */
    Mono<Void> drop(Job job);

    /** Moves up to {@code max} scheduled jobs due at or before {@code now} to the queue; emits how many moved. */
    Mono<Long> promoteDue(Instant now, int max);

    /**
     * Dead letters, oldest first: the records of calls on the dead-letter list whose tenant is {@code tenant} (every
     * tenant's when null), at most {@code limit}, after the call id {@code after} (null: from the start).
     */
    Flux<CallRecord> deadLetters(String tenant, int limit, String after);

    /**
     * Takes the call off the dead-letter list, replaces its record with {@code record} (queued again) and queues a
     * {@link JobKind#RUN} job for it, all in one step; the request stops expiring. Emits false when the call is not
     * on the dead-letter list (nothing changes).
     */
    Mono<Boolean> replay(String callId, CallRecord record);

    /** How much work there is, for metrics and the native API. */
    Mono<QueueStats> stats();

    /**
     * What {@link #submit} did.
     *
     * @param callId    the id of the stored call: the new one, or the earlier one for a duplicate
     * @param duplicate whether an earlier submit with the same idempotency key was found
     */
    record Submission(String callId, boolean duplicate) {
    }

    /**
     * The queue's size.
     *
     * @param ready       jobs queued and not handed out yet
     * @param pending     jobs handed out and not finished (in flight anywhere, or held by a dead consumer)
     * @param delayed     jobs scheduled for later (retries waiting for their back-off)
     * @param deadLetters calls on the dead-letter list
     */
    record QueueStats(long ready, long pending, long delayed, long deadLetters) {

        /** Every job not finished: ready, pending and delayed. */
        public long depth() {
            return ready + pending + delayed;
        }
    }
}

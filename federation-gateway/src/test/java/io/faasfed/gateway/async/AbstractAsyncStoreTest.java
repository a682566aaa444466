package io.faasfed.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faasfed.gateway.async.AsyncStore.QueueStats;
import io.faasfed.gateway.async.AsyncStore.Submission;
import io.faasfed.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The behaviour every async store shares; each store runs it. Time is the test's: {@link #clock} for what the store
 * dates itself, {@link #passTime} where the store's own backend keeps time (Redis expiry and idle times).
 */
abstract class AbstractAsyncStoreTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    static final Duration LONG_IDLE = Duration.ofMinutes(10);
    static final Duration TTL = Duration.ofDays(1);
    /** How long the tests that need the backend's time to pass let it pass. */
    static final Duration PASSED = Duration.ofSeconds(3);
    /** A claim threshold below {@link #PASSED} by a margin a busy machine does not eat. */
    static final Duration CLAIM_IDLE = Duration.ofSeconds(2);

    final MutableClock clock = new MutableClock(T0);
    AsyncStore store;

    /** A new, empty store reading time from {@link #clock}. */
    abstract AsyncStore newStore();

    /** Another replica's store on the same data as {@link #store} (the same instance where there is one JVM). */
    abstract AsyncStore replica();

    /** Lets {@code duration} pass for the store: its clock and, where it keeps its own, the backend's time. */
    abstract void passTime(Duration duration);

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    static AsyncRequest request(String id, String tenant) {
        return new AsyncRequest(id, tenant, "echo", null, "openfaas", null, null, "", "",
                Map.of("Content-Type", List.of("text/plain")), ("hello " + id).getBytes(), null, 3,
                Duration.ofSeconds(30), T0);
    }

    Submission submit(AsyncStore target, String id) {
        return submit(target, id, "team-a", null);
    }

    Submission submit(AsyncStore target, String id, String tenant, String idempotencyKey) {
        AsyncRequest request = request(id, tenant);
        return target.submit(request, CallRecord.queued(request), idempotencyKey, Duration.ofSeconds(2)).block(WAIT);
    }

    static List<Job> take(AsyncStore target, String consumer, int max) {
        return target.take(consumer, max, LONG_IDLE, Duration.ZERO).block(WAIT);
    }

    static List<String> calls(List<Job> jobs) {
        return jobs.stream().map(Job::callId).toList();
    }

    CallRecord recordOf(String id) {
        return store.record(id).block(WAIT);
    }

    CallRecord running(String id, String consumer) {
        return recordOf(id).withAttemptStarted(CallRecord.Attempt.started(1, 0, consumer, "openfaas",
                clock.instant()));
    }

    /** Submits, takes and finishes {@code id} as a dead letter. */
    void killed(String id, String tenant) {
        submit(store, id, tenant, null);
        Job job = single(store.take("w1", 1, LONG_IDLE, Duration.ZERO).block(WAIT), id);
        store.finish(job, running(id, "w1").finished(CallState.DEAD, null, clock.instant()), null, true, TTL)
                .block(WAIT);
    }

    static Job single(List<Job> jobs, String id) {
        assertThat(calls(jobs)).containsExactly(id);
        return jobs.get(0);
    }

    List<String> deadLetters(String tenant, int limit, String after) {
        return store.deadLetters(tenant, limit, after).map(CallRecord::id).collectList().block(WAIT);
    }

    QueueStats stats() {
        return store.stats().block(WAIT);
    }

    @Test
    void aSubmittedCallIsTakenAsARunJob() {
        assertThat(submit(store, "c1")).isEqualTo(new Submission("c1", false));

        List<Job> jobs = take(store, "w1", 10);

        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).kind()).isEqualTo(JobKind.RUN);
        assertThat(jobs.get(0).callId()).isEqualTo("c1");
        assertThat(jobs.get(0).deliveries()).isEqualTo(1);
        assertThat(take(store, "w1", 10)).isEmpty();
    }

    @Test
    void jobsComeOutInTheOrderTheyWereSubmittedUpToMax() {
        IntStream.rangeClosed(1, 5).forEach(n -> submit(store, "c" + n));

        assertThat(calls(take(store, "w1", 3))).containsExactly("c1", "c2", "c3");
        assertThat(calls(take(store, "w1", 3))).containsExactly("c4", "c5");
    }

    @Test
    void theRequestAndRecordComeBackWithEveryField() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        AsyncRequest request = new AsyncRequest("c1", "team-a", "resize", "prod", "fn", "app1", "01FN",
                "/thumbs/a b", "size=small&x=%20", Map.of("X-Many", List.of("one", "two", "three"), "Content-Type",
                List.of("application/octet-stream")), body, "https://hooks.example.com/done?k=v", 5,
                Duration.ofMillis(1500), T0.plusNanos(123_000_000));
        CallRecord record = CallRecord.queued(request);

        store.submit(request, record, null, null).block(WAIT);

        assertThat(store.request("c1").block(WAIT)).isEqualTo(request);
        assertThat(store.request("c1").block(WAIT).body()).containsExactly(body);
        assertThat(recordOf("c1")).isEqualTo(record);
    }

    @Test
    void aSavedRecordWithAttemptsResultAndCallbackComesBackWhole() {
        submit(store, "c1");
        CallRecord.Attempt attempt = CallRecord.Attempt.started(1, 0, "w1", "openfaas", T0.plusSeconds(1))
                .withPlatformCallId("act-1").ended(T0.plusSeconds(2), 502, "bad gateway", "platform-unavailable");
        CallRecord record = recordOf("c1").withCallback(CallRecord.Callback.pending("https://h.example.com/x")
                        .after(new CallRecord.Delivery(T0.plusSeconds(3), 500, "boom"),
                                CallRecord.Callback.DeliveryState.PENDING))
                .withAttemptStarted(attempt)
                .finished(CallState.SUCCEEDED, new CallRecord.Result(200, Map.of("Content-Type", "text/plain"),
                        null, "AAEC", 3, false), T0.plusSeconds(4));

        store.save(record).block(WAIT);

        assertThat(recordOf("c1")).isEqualTo(record);
        assertThat(recordOf("c1").attempts()).containsExactly(attempt);
    }

    @Test
    void aCallNeverStoredHasNoRequestOrRecord() {
        StepVerifier.create(store.request("nope")).verifyComplete();
        StepVerifier.create(store.record("nope")).verifyComplete();
    }

    @Test
    void anIdempotentResubmitAnswersTheFirstIdAndQueuesNothing() {
        assertThat(submit(store, "c1", "team-a", "k1")).isEqualTo(new Submission("c1", false));
        assertThat(submit(store, "c2", "team-a", "k1")).isEqualTo(new Submission("c1", true));
        assertThat(submit(store, "c3", "team-a", "k2")).isEqualTo(new Submission("c3", false));

        StepVerifier.create(store.record("c2")).verifyComplete();
        StepVerifier.create(store.request("c2")).verifyComplete();
        assertThat(calls(take(store, "w1", 10))).containsExactly("c1", "c3");
    }

    @Test
    void anIdempotencyKeyExpiresAfterItsTtl() {
        assertThat(submit(store, "c1", "team-a", "k1").duplicate()).isFalse();
        assertThat(submit(store, "c2", "team-a", "k1").duplicate()).isTrue();

        passTime(PASSED);

        assertThat(submit(store, "c3", "team-a", "k1")).isEqualTo(new Submission("c3", false));
        assertThat(calls(take(store, "w1", 10))).containsExactly("c1", "c3");
    }

    @Test
    void twoConsumersNeverGetTheSameNewJob() {
        IntStream.rangeClosed(1, 10).forEach(n -> submit(store, "c" + n));

        List<Job> first = take(store, "w1", 4);
        List<Job> second = take(replica(), "w2", 10);

        assertThat(first).hasSize(4);
        assertThat(second).hasSize(6);
        Set<String> all = new HashSet<>(calls(first));
        all.addAll(calls(second));
        assertThat(all).hasSize(10);
        assertThat(take(store, "w1", 10)).isEmpty();
    }

    @Test
    void aJobIdleLongerThanTheThresholdIsClaimedByAnotherConsumer() {
        submit(store, "c1");
        Job first = single(take(store, "w1", 1), "c1");

        passTime(PASSED);
        List<Job> claimed = replica().take("w2", 5, CLAIM_IDLE, Duration.ZERO).block(WAIT);

        Job again = single(claimed, "c1");
        assertThat(again.entryId()).isEqualTo(first.entryId());
        assertThat(again.kind()).isEqualTo(JobKind.RUN);
        assertThat(again.deliveries()).isEqualTo(2);
        assertThat(store.take("w1", 5, CLAIM_IDLE, Duration.ZERO).block(WAIT)).isEmpty();
    }

    @Test
    void aJobNotIdleLongEnoughStaysWithItsConsumer() {
        submit(store, "c1");
        take(store, "w1", 1);

        assertThat(replica().take("w2", 5, LONG_IDLE, Duration.ZERO).block(WAIT)).isEmpty();
        assertThat(stats().pending()).isEqualTo(1);
    }

    @Test
    void aTouchedJobIsNotClaimedButAnUntouchedOneIs() {
        submit(store, "c1");
        submit(store, "c2");
        List<Job> jobs = take(store, "w1", 2);

        passTime(PASSED);
        store.touch("w1", List.of(jobs.get(0))).block(WAIT);
        List<Job> claimed = replica().take("w2", 5, CLAIM_IDLE, Duration.ZERO).block(WAIT);

        assertThat(calls(claimed)).containsExactly("c2");
    }

    @Test
    void finishAcknowledgesTheJob() {
        submit(store, "c1");
        Job job = single(take(store, "w1", 1), "c1");
        CallRecord done = running("c1", "w1").finished(CallState.SUCCEEDED, null, T0.plusSeconds(1));

        store.finish(job, done, null, false, TTL).block(WAIT);

        assertThat(stats()).isEqualTo(new QueueStats(0, 0, 0, 0));
        assertThat(store.take("w2", 5, Duration.ZERO, Duration.ZERO).block(WAIT)).isEmpty();
        assertThat(recordOf("c1")).isEqualTo(done);
        assertThat(deadLetters(null, 10, null)).isEmpty();
    }

    @Test
    void finishQueuesTheCallbackWhenAsked() {
        submit(store, "c1");
        Job run = single(take(store, "w1", 1), "c1");

        store.finish(run, running("c1", "w1").finished(CallState.SUCCEEDED, null, T0), JobKind.CALLBACK, false,
                TTL).block(WAIT);

        Job callback = single(take(replica(), "w2", 5), "c1");
        assertThat(callback.kind()).isEqualTo(JobKind.CALLBACK);
        assertThat(callback.deliveries()).isEqualTo(1);
        assertThat(callback.entryId()).isNotEqualTo(run.entryId());
        assertThat(stats()).isEqualTo(new QueueStats(0, 1, 0, 0));
    }

    @Test
    void deadLettersAreListedOldestFirstPerTenant() {
        killed("c3", "team-a");
        clock.advance(Duration.ofSeconds(1));
        killed("c1", "team-b");
        clock.advance(Duration.ofSeconds(1));
        killed("c2", "team-a");

        assertThat(deadLetters(null, 10, null)).containsExactly("c3", "c1", "c2");
        assertThat(deadLetters("team-a", 10, null)).containsExactly("c3", "c2");
        assertThat(deadLetters("team-b", 10, null)).containsExactly("c1");
        assertThat(deadLetters("team-z", 10, null)).isEmpty();
        assertThat(store.deadLetters(null, 10, null).blockFirst(WAIT).state()).isEqualTo(CallState.DEAD);
    }

    @Test
    void deadLettersArePagedWithAfter() {
        for (int n = 1; n <= 5; n++) {
            killed("c" + n, n == 3 ? "team-b" : "team-a");
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(deadLetters(null, 2, null)).containsExactly("c1", "c2");
        assertThat(deadLetters(null, 2, "c2")).containsExactly("c3", "c4");
        assertThat(deadLetters(null, 2, "c4")).containsExactly("c5");
        assertThat(deadLetters(null, 2, "c5")).isEmpty();
        assertThat(deadLetters("team-a", 2, "c1")).containsExactly("c2", "c4");
        assertThat(deadLetters("team-a", 2, "c4")).containsExactly("c5");
    }

    @Test
    void aRetriedJobIsInvisibleUntilPromotedAtItsDueTime() {
        submit(store, "c1");
        Job job = single(take(store, "w1", 1), "c1");
        Instant due = T0.plusSeconds(60);
        CallRecord waiting = running("c1", "w1").retryingAt(due);

        store.retryAt(job, waiting, due).block(WAIT);

        assertThat(store.take("w2", 5, Duration.ZERO, Duration.ZERO).block(WAIT)).isEmpty();
        assertThat(stats()).isEqualTo(new QueueStats(0, 0, 1, 0));
        assertThat(recordOf("c1")).isEqualTo(waiting);
        assertThat(store.promoteDue(due.minusSeconds(1), 10).block(WAIT)).isZero();
        assertThat(take(store, "w1", 5)).isEmpty();

        assertThat(store.promoteDue(due, 10).block(WAIT)).isEqualTo(1);

        Job retry = single(take(replica(), "w2", 5), "c1");
        assertThat(retry.kind()).isEqualTo(JobKind.RUN);
        assertThat(retry.deliveries()).isEqualTo(1);
        assertThat(stats()).isEqualTo(new QueueStats(0, 1, 0, 0));
        assertThat(store.promoteDue(due.plusSeconds(3600), 10).block(WAIT)).isZero();
    }

    @Test
    void promoteDueMovesTheEarliestFirstAndAtMostMax() {
        List<String> ids = List.of("c1", "c2", "c3", "c4", "c5");
        ids.forEach(id -> submit(store, id));
        List<Job> jobs = take(store, "w1", 5);
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            Instant due = T0.plusSeconds(10L * (5 - i));
            store.retryAt(job, running(job.callId(), "w1").retryingAt(due), due).block(WAIT);
        }

        assertThat(store.promoteDue(T0.plusSeconds(100), 2).block(WAIT)).isEqualTo(2);
        assertThat(calls(take(store, "w1", 10))).containsExactly("c5", "c4");
        assertThat(store.promoteDue(T0.plusSeconds(100), 2).block(WAIT)).isEqualTo(2);
        assertThat(store.promoteDue(T0.plusSeconds(100), 2).block(WAIT)).isEqualTo(1);
        assertThat(calls(take(store, "w1", 10))).containsExactly("c3", "c2", "c1");
        assertThat(store.promoteDue(T0.plusSeconds(100), 2).block(WAIT)).isZero();
    }

    @Test
    void aRetriedCallbackComesBackAsACallback() {
        submit(store, "c1");
        Job run = single(take(store, "w1", 1), "c1");
        CallRecord done = running("c1", "w1").finished(CallState.SUCCEEDED, null, T0);
        store.finish(run, done, JobKind.CALLBACK, false, TTL).block(WAIT);
        Job callback = single(take(store, "w1", 1), "c1");

        store.retryAt(callback, done, T0.plusSeconds(5)).block(WAIT);
        store.promoteDue(T0.plusSeconds(5), 10).block(WAIT);

        assertThat(single(take(store, "w1", 1), "c1").kind()).isEqualTo(JobKind.CALLBACK);
    }

    @Test
    void replayRequeuesADeadLetterOnce() {
        killed("c1", "team-a");
        CallRecord replayed = recordOf("c1").replayed();

        assertThat(store.replay("c1", replayed).block(WAIT)).isTrue();
        assertThat(store.replay("c1", replayed).block(WAIT)).isFalse();

        assertThat(deadLetters(null, 10, null)).isEmpty();
        assertThat(recordOf("c1")).isEqualTo(replayed);
        assertThat(recordOf("c1").replays()).isEqualTo(1);
        Job job = single(take(store, "w2", 10), "c1");
        assertThat(job.kind()).isEqualTo(JobKind.RUN);
        assertThat(store.request("c1").block(WAIT)).isEqualTo(request("c1", "team-a"));
    }

    @Test
    void replayOfACallNotDeadAnswersFalseAndChangesNothing() {
        submit(store, "c1");
        CallRecord queued = recordOf("c1");

        assertThat(store.replay("c1", queued.replayed()).block(WAIT)).isFalse();
        assertThat(store.replay("nope", CallRecord.queued(request("nope", "team-a"))).block(WAIT)).isFalse();

        assertThat(recordOf("c1")).isEqualTo(queued);
        assertThat(stats()).isEqualTo(new QueueStats(1, 0, 0, 0));
    }

    @Test
    void statsCountEveryJobThroughAWholeLife() {
        assertThat(stats()).isEqualTo(new QueueStats(0, 0, 0, 0));
        submit(store, "c1");
        submit(store, "c2");
        submit(store, "c3");
        assertThat(stats()).isEqualTo(new QueueStats(3, 0, 0, 0));

        List<Job> jobs = take(store, "w1", 2);
        assertThat(stats()).isEqualTo(new QueueStats(1, 2, 0, 0));

        store.retryAt(jobs.get(0), running("c1", "w1").retryingAt(T0.plusSeconds(1)), T0.plusSeconds(1))
                .block(WAIT);
        assertThat(stats()).isEqualTo(new QueueStats(1, 1, 1, 0));

        store.finish(jobs.get(1), running("c2", "w1").finished(CallState.DEAD, null, T0), null, true, TTL)
                .block(WAIT);
        assertThat(stats()).isEqualTo(new QueueStats(1, 0, 1, 1));

        store.promoteDue(T0.plusSeconds(1), 10).block(WAIT);
        assertThat(stats()).isEqualTo(new QueueStats(2, 0, 0, 1));
        assertThat(stats().depth()).isEqualTo(2);

        for (Job job : take(store, "w1", 10)) {
            store.finish(job, running(job.callId(), "w1").finished(CallState.SUCCEEDED, null, T0), null, false,
                    TTL).block(WAIT);
        }
        assertThat(stats()).isEqualTo(new QueueStats(0, 0, 0, 1));

        store.replay("c2", recordOf("c2").replayed()).block(WAIT);
        assertThat(stats()).isEqualTo(new QueueStats(1, 0, 0, 0));
    }

    @Test
    void aTakeWithNoJobAnswersEmptyAfterItsWait() {
        Duration wait = Duration.ofMillis(400);
        long start = System.nanoTime();

        List<Job> jobs = store.take("w1", 5, LONG_IDLE, wait).block(WAIT);

        assertThat(jobs).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(wait.dividedBy(2));
    }

    @Test
    void aWaitingTakeWakesAsSoonAsAJobIsSubmitted() throws Exception {
        AsyncStore waiting = replica();
        CompletableFuture<List<Job>> taken = waiting.take("w2", 5, LONG_IDLE, Duration.ofSeconds(60)).toFuture();

        submit(store, "c1");

        assertThat(calls(taken.get(WAIT.toSeconds(), TimeUnit.SECONDS))).containsExactly("c1");
    }

    @Test
    void finishedCallsExpireAfterTheirTtlDeadLettersToo() {
        submit(store, "c1");
        submit(store, "c2");
        List<Job> jobs = take(store, "w1", 2);
        Duration ttl = CLAIM_IDLE; // below PASSED by a margin, and long enough for the checks right after finish
        store.finish(jobs.get(0), running("c1", "w1").finished(CallState.DEAD, null, T0), null, true, ttl)
                .block(WAIT);
        store.finish(jobs.get(1), running("c2", "w1").finished(CallState.SUCCEEDED, null, T0), null, false, TTL)
                .block(WAIT);
        assertThat(store.request("c1").block(WAIT)).isNotNull();
        assertThat(deadLetters(null, 10, null)).containsExactly("c1");

        passTime(PASSED);

        StepVerifier.create(store.record("c1")).verifyComplete();
        StepVerifier.create(store.request("c1")).verifyComplete();
        assertThat(deadLetters(null, 10, null)).isEmpty();
        assertThat(stats().deadLetters()).isZero();
        assertThat(store.replay("c1", CallRecord.queued(request("c1", "team-a")).replayed()).block(WAIT)).isFalse();
        assertThat(recordOf("c2")).isNotNull();
        assertThat(store.request("c2").block(WAIT)).isNotNull();
    }

    @Test
    void saveReplacesTheRecordAndQueuesNothing() {
        submit(store, "c1");
        take(store, "w1", 1);
        CallRecord running = running("c1", "w1");

        store.save(running).block(WAIT);

        assertThat(recordOf("c1")).isEqualTo(running);
        assertThat(stats()).isEqualTo(new QueueStats(0, 1, 0, 0));
    }

    @Test
    void concurrentSubmitsAreAllStoredAndTakenExactlyOnce() throws Exception {
        int count = 200;
        List<String> ids = IntStream.range(0, count).mapToObj(n -> "p" + n).toList();
        List<Submission> submitted = Flux.fromIterable(ids)
                .flatMap(id -> {
                    AsyncRequest request = request(id, "team-a");
                    return store.submit(request, CallRecord.queued(request), "key-" + id, TTL)
                            .subscribeOn(concurrentCallers());
                }, 64)
                .collectList().block(WAIT);
        assertThat(submitted).hasSize(count).allSatisfy(submission -> assertThat(submission.duplicate()).isFalse());
        assertThat(Flux.fromIterable(ids).flatMap(store::record).count().block(WAIT)).isEqualTo(count);

        ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();
        AsyncStore other = replica();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> drain(store, "w1", taken, count));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> drain(other, "w2", taken, count));
        CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);

        assertThat(taken).hasSize(count);
        assertThat(new HashSet<>(taken)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(stats()).isEqualTo(new QueueStats(0, 0, 0, 0));
    }

    /** Takes and finishes jobs until {@code total} were taken by everyone. */
    private void drain(AsyncStore target, String consumer, ConcurrentLinkedQueue<String> taken, int total) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (taken.size() < total && System.nanoTime() < deadline) {
            for (Job job : target.take(consumer, 7, LONG_IDLE, Duration.ofMillis(200)).block(WAIT)) {
                taken.add(job.callId());
                AsyncRequest request = request(job.callId(), "team-a");
                target.finish(job, CallRecord.queued(request).finished(CallState.SUCCEEDED, null, T0), null, false,
                        TTL).block(WAIT);
            }
        }
    }

    /** Where the concurrency test dispatches its submits from. */
    reactor.core.scheduler.Scheduler concurrentCallers() {
        return Schedulers.parallel();
    }

    @Test
    void badArgumentsAreRefusedSayingWhatToFix() {
        AsyncRequest request = request("c1", "team-a");
        CallRecord other = CallRecord.queued(request("c2", "team-a"));

        assertThatThrownBy(() -> store.submit(request, other, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("record: c2 (expected: the record of c1)");
        assertThatThrownBy(() -> store.submit(request, CallRecord.queued(request), "k", Duration.ZERO))
                .hasMessage("idempotencyTtl: PT0S (expected: > 0)");
        assertThatThrownBy(() -> store.take("w1", 0, LONG_IDLE, Duration.ZERO)).hasMessage("max: 0 (expected: > 0)");
        assertThatThrownBy(() -> store.take("w1", 1, Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessage("claimIdle: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> store.deadLetters(null, 0, null)).hasMessage("limit: 0 (expected: > 0)");
        Job job = new Job(JobKind.RUN, "c1", "1-0", 1);
        assertThatThrownBy(() -> store.finish(job, CallRecord.queued(request), null, false, Duration.ZERO))
                .hasMessage("ttl: PT0S (expected: > 0)");
        assertThatThrownBy(() -> store.promoteDue(T0, 0)).hasMessage("max: 0 (expected: > 0)");
    }
}

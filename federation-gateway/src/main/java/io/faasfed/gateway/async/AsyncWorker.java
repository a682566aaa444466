package io.faasfed.gateway.async;

import io.faasfed.gateway.async.callback.CallbackSender;
import io.faasfed.gateway.async.callback.DeliveryResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * One gateway replica's consumer of the shared queue: takes jobs (its share of new ones, and any another replica
 * left idle past the claim threshold), runs each call on its platform under that platform's concurrency bound,
 * records every attempt, retries with back-off and jitter, moves calls whose attempts are spent to the dead-letter
 * list, and delivers callbacks. It confirms the jobs it holds every third of the claim threshold, so a long call is
 * never taken over while this replica is alive; when the replica dies, its jobs are taken over after the threshold.
 *
 * <p>Outcomes are written before the job is acknowledged, in one atomic step ({@link AsyncStore#finish},
 * {@link AsyncStore#retryAt}); a replica that dies between running a call and recording it leaves the job pending,
 * and the call runs again elsewhere: at least once, never lost.
 */
public final class AsyncWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AsyncWorker.class);
    /** How long the loop waits after the store failed before it reads again (growing to {@link #MAX_PAUSE}). */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /** How many times an outcome's write is tried before the job is left for another replica to take over. */
    private static final int WRITE_ATTEMPTS = 6;

    private final AsyncStore store;
    private final CallExecutor executor;
    private final CallbackSender callbacks;
    private final AsyncProperties properties;
    private final AsyncMetrics metrics;
    private final Backoffs runBackoff;
    private final Backoffs callbackBackoff;
    private final Clock clock;
    private final String consumer;
    private final Map<String, Job> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Permits> platforms = new ConcurrentHashMap<>();
    private final Permits callbackPermits;
    private final AtomicReference<Sinks.Empty<Void>> freed = new AtomicReference<>(Sinks.empty());
    private final AtomicLong storeFailures = new AtomicLong();
    private final Disposable.Composite running = Disposables.composite();
    private final Disposable.Swap reading = Disposables.swap();
    private volatile boolean closed;

    /**
     * A worker; nothing runs until {@link #start()}.
     *
     * @param store           the shared queue and records
     * @param executor        runs attempts on platforms
     * @param callbacks       delivers callbacks
     * @param properties      the async settings
     * @param metrics         where it counts
     * @param runBackoff      waits between attempts of a call
     * @param callbackBackoff waits between deliveries of a callback
     * @param clock           the time of records
     * @param consumer        this replica's consumer name
     */
    public AsyncWorker(AsyncStore store, CallExecutor executor, CallbackSender callbacks, AsyncProperties properties,
                       AsyncMetrics metrics, Backoffs runBackoff, Backoffs callbackBackoff, Clock clock,
                       String consumer) {
        this.store = store;
        this.executor = executor;
        this.callbacks = callbacks;
        this.properties = properties;
        this.metrics = metrics;
        this.runBackoff = runBackoff;
        this.callbackBackoff = callbackBackoff;
        this.clock = clock;
        this.consumer = consumer;
        this.callbackPermits = new Permits(properties.getConcurrency());
        requirePositive("claim-idle", properties.getClaimIdle());
        requirePositive("poll-wait", properties.getPollWait());
        requirePositive("promote-interval", properties.getPromoteInterval());
        if (properties.getPollWait().compareTo(properties.getClaimIdle()) >= 0) {
            throw new IllegalStateException(AsyncProperties.PREFIX + ".poll-wait: " + properties.getPollWait()
                    + " (expected: shorter than claim-idle, " + properties.getClaimIdle() + ")");
        }
        metrics.inFlight(inFlight::size);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalStateException(AsyncProperties.PREFIX + "." + name + ": " + value
                    + " (expected: a duration > 0)");
        }
    }

    /** This replica's consumer name. */
    public String consumer() {
        return consumer;
    }

    /** How many jobs this replica holds now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Starts the read loop, the confirmation of held jobs and the promotion of due retries. */
    public void start() {
        log.info("async worker '{}' started: up to {} jobs at once, {} per platform, take-over after {} idle",
                consumer, properties.getMaxInFlight(), properties.getConcurrency(), properties.getClaimIdle());
        reading.update(loop().subscribe(null, error -> log.error("async worker: the read loop ended", error)));
        Duration heartbeat = properties.getClaimIdle().dividedBy(3);
        running.add(Timers.every(heartbeat, "confirming held jobs", this::touchHeld));
        running.add(Timers.every(properties.getPromoteInterval(), "moving due retries to the queue",
                () -> store.promoteDue(clock.instant(), 500).then()));
    }

    /**
     * Stops taking work, then waits up to {@code faasfed.async.shutdown-grace} for the jobs this replica holds to
     * finish (still confirming them, so nobody takes them over meanwhile); what is left after that is taken over by
     * another replica after {@code claim-idle}. Blocks: it runs when the application context closes.
     */
    @Override
    public void close() {
        closed = true;
        reading.dispose();
        long deadline = System.nanoTime() + properties.getShutdownGrace().toNanos();
        if (!inFlight.isEmpty()) {
            log.info("async worker '{}' stopping: waiting up to {} for {} job(s) it holds", consumer,
                    properties.getShutdownGrace(), inFlight.size());
        }
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!inFlight.isEmpty()) {
            log.warn("async worker '{}' stopped with {} job(s) unfinished; another replica takes them over after {}",
                    consumer, inFlight.size(), properties.getClaimIdle());
        }
        running.dispose();
    }

    private Mono<Void> touchHeld() {
        List<Job> held = new ArrayList<>(inFlight.values());
        return held.isEmpty() ? Mono.empty() : store.touch(consumer, held);
    }

    private Mono<Void> loop() {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.empty();
            }
            int free = properties.getMaxInFlight() - inFlight.size();
            if (free <= 0) {
                return freed.get().asMono().timeout(Duration.ofSeconds(1), Mono.empty())
                        .then(Mono.defer(this::loop));
            }
            return store.take(consumer, free, properties.getClaimIdle(), properties.getPollWait())
                    .doOnNext(jobs -> {
                        storeFailures.set(0);
                        jobs.forEach(this::dispatch);
                    })
                    .then()
                    .onErrorResume(error -> pause(error))
                    .then(Mono.defer(this::loop));
        });
    }

    private Mono<Void> pause(Throwable error) {
        long failures = storeFailures.incrementAndGet();
        if (failures == 1) {
            log.warn("the async queue cannot be read ({}); retrying, calls wait in the store", error.toString());
        }
        long millis = Math.min(MAX_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(failures - 1, 10));
        return Mono.delay(Duration.ofMillis(millis)).then();
    }

    private void dispatch(Job job) {
        if (inFlight.putIfAbsent(job.entryId(), job) != null) {
            return;
        }
        Mono<Void> work = job.kind() == JobKind.RUN ? run(job) : callback(job);
        work.onErrorResume(error -> {
                    log.warn("{} of call {} could not be recorded ({}); another replica will take it over after {}",
                            job.kind().name().toLowerCase(Locale.ROOT), job.callId(), error.toString(),
                            properties.getClaimIdle());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    inFlight.remove(job.entryId());
                    freed.getAndSet(Sinks.empty()).tryEmitEmpty();
                })
                .subscribe();
    }

    // ---- running a call -------------------------------------------------------------------------------------

    private Mono<Void> run(Job job) {
        return Mono.zip(store.request(job.callId()).map(java.util.Optional::of)
                                .defaultIfEmpty(java.util.Optional.empty()),
                        store.record(job.callId()).map(java.util.Optional::of)
                                .defaultIfEmpty(java.util.Optional.empty()))
                .flatMap(both -> {
                    if (both.getT1().isEmpty() || both.getT2().isEmpty()) {
                        log.warn("call {} has no stored request or record (expired?); dropping its job", job.callId());
                        return store.drop(job);
                    }
                    AsyncRequest request = both.getT1().get();
                    CallRecord record = both.getT2().get();
                    if (record.state().isFinal()) {
                        return store.finish(job, record, null, false, ttlOf(record));
                    }
                    return platformPermits(request.platform()).with(() -> attempt(job, request, record));
                });
    }

    private Permits platformPermits(String platform) {
        return platforms.computeIfAbsent(platform, id -> new Permits(properties.concurrencyOf(id)));
    }

    private Mono<Void> attempt(Job job, AsyncRequest request, CallRecord stored) {
        Instant now = clock.instant();
        CallRecord.Attempt last = stored.lastAttempt();
        String resume = null;
        CallRecord record = stored;
        if (last != null && last.finishedAt() == null) {
            if (last.platformCallId() != null && last.replay() == stored.replays()) {
                resume = last.platformCallId();
                log.info("call {}: resuming attempt {} ({} on {}), left by '{}'", job.callId(), last.number(),
                        last.platformCallId(), last.platform(), last.consumer());
            } else {
                record = record.withLastAttempt(last.ended(now, null, "abandoned: gateway replica '"
                        + last.consumer() + "' stopped before it finished; taken over by '" + consumer + "'",
                        "abandoned"));
            }
        }
        CallRecord.Attempt attempt;
        if (resume != null) {
            attempt = last;
            record = record.withState(CallState.RUNNING);
        } else {
            int number = record.attempts().size() + 1;
            attempt = CallRecord.Attempt.started(number, record.replays(), consumer, request.platform(), now);
            record = record.withAttemptStarted(attempt);
        }
        CallRecord runningRecord = record;
        AtomicReference<CallRecord> latest = new AtomicReference<>(runningRecord);
        Duration bound = request.timeout().plus(CallExecutor.POLL_GRACE).plusSeconds(30);
        return store.save(runningRecord)
                .then(executor.run(request, resume, platformCallId -> {
                    CallRecord withId = latest.get().withLastAttempt(latest.get().lastAttempt()
                            .withPlatformCallId(platformCallId));
                    latest.set(withId);
                    return store.save(withId);
                }).timeout(bound, Mono.fromSupplier(() -> new Outcome(Outcome.Kind.RETRY, null, null,
                        "no outcome within " + bound.toSeconds() + " s", "timeout", null, null))))
                .flatMap(outcome -> recordOutcome(job, request, latest.get(), outcome));
    }

    private Mono<Void> recordOutcome(Job job, AsyncRequest request, CallRecord record, Outcome outcome) {
        Instant now = clock.instant();
        CallRecord.Attempt ended = record.lastAttempt().ended(now, outcome.status(), outcome.error(),
                outcome.category());
        if (outcome.platformCallId() != null && ended.platformCallId() == null) {
            ended = ended.withPlatformCallId(outcome.platformCallId());
        }
        CallRecord attempted = record.withLastAttempt(ended);
        JobKind next = attempted.callback() == null ? null : JobKind.CALLBACK;
        String platform = request.platform();
        metrics.attemptEnded(platform, outcome.kind());
        switch (outcome.kind()) {
            case SUCCEEDED, FAILED -> {
                CallState state = outcome.kind() == Outcome.Kind.SUCCEEDED ? CallState.SUCCEEDED : CallState.FAILED;
                CallRecord done = attempted.finished(state, outcome.result(), now);
                return write(store.finish(job, done, next, false, properties.getRecordTtl()))
                        .doOnSuccess(ignored -> metrics.finished(platform, state, request.submittedAt(), now));
            }
            default -> {
                int failed = (int) attempted.attempts().stream()
                        .filter(attempt -> attempt.replay() == attempted.replays() && attempt.finishedAt() != null
                                && !"abandoned".equals(attempt.category()))
                        .count();
                if (failed < request.maxAttempts()) {
                    Instant due = now.plus(runBackoff.after(failed, outcome.retryAfter()));
                    log.debug("call {} attempt {} failed ({}); next attempt at {}", request.callId(), ended.number(),
                            outcome.error(), due);
                    return write(store.retryAt(job, attempted.retryingAt(due), due))
                            .doOnSuccess(ignored -> metrics.retried(platform));
                }
                log.info("call {} of '{}' is a dead letter after {} attempts: {}", request.callId(),
                        request.function(), failed, outcome.error());
                CallRecord dead = attempted.finished(CallState.DEAD, outcome.result(), now);
                return write(store.finish(job, dead, next, true, properties.getDeadLetterTtl()))
                        .doOnSuccess(ignored -> metrics.finished(platform, CallState.DEAD, request.submittedAt(),
                                now));
            }
        }
    }

    /** A write of an outcome, tried again through a short store outage before the job is left to others. */
    private static Mono<Void> write(Mono<Void> write) {
        return write.retryWhen(Retry.backoff(WRITE_ATTEMPTS - 1, Duration.ofMillis(500))
                .maxBackoff(Duration.ofSeconds(5)));
    }

    private Duration ttlOf(CallRecord record) {
        return record.state() == CallState.DEAD ? properties.getDeadLetterTtl() : properties.getRecordTtl();
    }

    // ---- callbacks --------------------------------------------------------------------------------------------

    private Mono<Void> callback(Job job) {
        return store.record(job.callId()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return store.drop(job);
                    }
                    if (found.get().callback() == null
                            || found.get().callback().state() != CallRecord.Callback.DeliveryState.PENDING) {
                        return store.finish(job, found.get(), null, false, ttlOf(found.get()));
                    }
                    CallRecord record = found.get();
                    return callbackPermits.with(() -> deliver(job, record));
                });
    }

    private Mono<Void> deliver(Job job, CallRecord record) {
        CallRecord.Result result = record.result();
        byte[] body = result == null ? new byte[0] : result.body() != null
                ? result.body().getBytes(StandardCharsets.UTF_8)
                : Base64.getDecoder().decode(result.bodyBase64());
        return callbacks.post(record.callback().url(), callbackHeaders(record), body)
                .defaultIfEmpty(new DeliveryResult(null, "no delivery result", false))
                .flatMap(delivery -> {
                    Instant now = clock.instant();
                    boolean delivered = delivery.status() != null && delivery.status() >= 200
                            && delivery.status() < 300;
                    CallRecord.Delivery attempt = new CallRecord.Delivery(now, delivery.status(),
                            delivered ? null : delivery.error());
                    CallRecord.Callback callback = record.callback();
                    int made = callback.attempts().size() + 1;
                    if (delivered || delivery.refused() || made >= properties.getCallback().getMaxAttempts()) {
                        CallRecord.Callback.DeliveryState state = delivered
                                ? CallRecord.Callback.DeliveryState.DELIVERED
                                : CallRecord.Callback.DeliveryState.FAILED;
                        metrics.callback(delivered ? "delivered" : delivery.refused() ? "refused" : "failed");
                        if (!delivered) {
                            log.info("callback of call {} given up after {} attempts: {}", record.id(), made,
                                    delivery.error());
                        }
                        return write(store.finish(job, record.withCallback(callback.after(attempt, state)), null,
                                false, ttlOf(record)));
                    }
                    metrics.callback("retry");
                    Instant due = now.plus(callbackBackoff.after(made, null));
                    return write(store.retryAt(job, record.withCallback(callback.after(attempt,
                            CallRecord.Callback.DeliveryState.PENDING)), due));
                });
    }

    /** OpenFaaS' callback headers, the function's own response headers, and ours. */
    static Map<String, List<String>> callbackHeaders(CallRecord record) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        CallRecord.Result result = record.result();
        if (result != null) {
            result.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        CallRecord.Attempt last = record.lastAttempt();
        int status = result != null ? result.status()
                : last != null && last.status() != null ? last.status() : 503;
        headers.put("X-Call-Id", List.of(record.id()));
        headers.put("X-Function-Status", List.of(Integer.toString(status)));
        headers.put("X-Function-Name", List.of(record.function()));
        headers.put("X-Faasfed-Platform", List.of(record.platform()));
        headers.put("X-Faasfed-Call-State", List.of(record.state().name().toLowerCase(Locale.ROOT)));
        if (last != null && last.finishedAt() != null) {
            double seconds = Duration.between(last.startedAt(), last.finishedAt()).toNanos() / 1e9;
            headers.put("X-Duration-Seconds", List.of(String.format(Locale.ROOT, "%.6f", seconds)));
        }
        if (result != null && result.truncated()) {
            headers.put("X-Faasfed-Result-Truncated", List.of("true"));
        }
        return headers;
    }
}

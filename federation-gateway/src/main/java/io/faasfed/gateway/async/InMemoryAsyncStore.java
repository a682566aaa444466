package io.faasfed.gateway.async;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The store of the embedded default: the same semantics as {@code RedisAsyncStore} in one JVM, lost on restart.
 *
 * <p>One queue of entries numbered in order, pending entries per consumer with the time they were last handed out or
 * touched (their idle time), a delayed set ordered by due time, the dead-letter list in order of death, and
 * idempotency keys, records and requests that expire lazily: an expired value is treated as absent when read and
 * removed then. Every time is read from the {@link Clock}, so that tests move time without waiting; only
 * {@link #take}'s {@code wait} is real time, and a waiting {@code take} wakes as soon as a job is queued.
 *
 * <p>Decisions shared with the Redis store: a job idle for exactly the claim threshold is claimed; {@link #save} keeps
 * the record's expiry, {@link #retryAt} and {@link #replay} make record and request durable again (work is waiting),
 * {@link #finish} dates both to expire after its {@code ttl}; a dead letter is listed while its record lives; a
 * {@code deadLetters} page after a call id no longer on the list (replayed, expired) starts from the beginning.
 *
 * <p>Thread-safe: every step holds one monitor for a few map operations and never parks a thread while waiting.
 */
public final class InMemoryAsyncStore implements AsyncStore {

    private static final Comparator<Map.Entry<String, Instant>> DUE_ORDER =
            Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey());

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, Expiring<AsyncRequest>> requests = new HashMap<>();
    private final Map<String, Expiring<CallRecord>> records = new HashMap<>();
    private final Map<String, Expiring<String>> idempotency = new HashMap<>();
    private final TreeMap<Long, Entry> ready = new TreeMap<>();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final Map<String, Instant> delayed = new HashMap<>();
    private final Set<String> dead = new LinkedHashSet<>();
    private long sequence;
    private Sinks.Empty<Void> arrival = Sinks.empty();

    /** A store on the system clock. */
    public InMemoryAsyncStore() {
        this(Clock.systemUTC());
    }

    /**
     * A store reading every time (idle times, expiry, death) from {@code clock}.
     *
     * @param clock the clock; tests pass one they move
     */
    public InMemoryAsyncStore(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Submission> submit(AsyncRequest request, CallRecord record, String idempotencyKey,
                                   Duration idempotencyTtl) {
        requireSameCall(request, record);
        if (idempotencyKey != null) {
            requirePositive(idempotencyTtl, "idempotencyTtl");
        }
        return Mono.fromSupplier(() -> {
            Sinks.Empty<Void> fired;
            synchronized (lock) {
                Instant now = clock.instant();
                if (idempotencyKey != null) {
                    String earlier = live(idempotency, idempotencyKey, now);
                    if (earlier != null) {
                        return new Submission(earlier, true);
                    }
                    idempotency.put(idempotencyKey, new Expiring<>(request.callId(), now.plus(idempotencyTtl)));
                }
                requests.put(request.callId(), new Expiring<>(request, null));
                records.put(record.id(), new Expiring<>(record, null));
                fired = enqueue(JobKind.RUN, request.callId());
            }
            fired.tryEmitEmpty();
            return new Submission(request.callId(), false);
        });
    }

    @Override
    public Mono<List<Job>> take(String consumer, int max, Duration claimIdle, Duration wait) {
        requireNonNull(consumer, "consumer");
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        requireNotNegative(claimIdle, "claimIdle");
        requireNotNegative(wait, "wait");
        return Mono.defer(() -> attempt(consumer, max, claimIdle, System.nanoTime() + wait.toNanos()));
    }

    private Mono<List<Job>> attempt(String consumer, int max, Duration claimIdle, long deadline) {
        Sinks.Empty<Void> next;
        synchronized (lock) {
            List<Job> jobs = handOut(consumer, max, claimIdle);
            long left = deadline - System.nanoTime();
            if (!jobs.isEmpty() || left <= 0) {
                return Mono.just(jobs);
            }
            next = arrival;
            return Mono.firstWithSignal(next.asMono(), Mono.delay(Duration.ofNanos(left)).then())
                    .then(Mono.defer(() -> attempt(consumer, max, claimIdle, deadline)));
        }
    }

    /** Claims idle pending entries, then hands out new ones; holds the lock. */
    private List<Job> handOut(String consumer, int max, Duration claimIdle) {
        Instant now = clock.instant();
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<Long, Pending> held : pending.entrySet()) {
            if (jobs.size() == max) {
                break;
            }
            Pending job = held.getValue();
            if (!Duration.between(job.deliveredAt, now).minus(claimIdle).isNegative()) {
                job.consumer = consumer;
                job.deliveredAt = now;
                job.deliveries++;
                jobs.add(job.toJob());
            }
        }
        while (jobs.size() < max && !ready.isEmpty()) {
            Entry entry = ready.pollFirstEntry().getValue();
            Pending job = new Pending(entry, consumer, now);
            pending.put(entry.sequence, job);
            jobs.add(job.toJob());
        }
        return jobs;
    }

    @Override
    public Mono<Void> touch(String consumer, List<Job> jobs) {
        requireNonNull(consumer, "consumer");
        requireNonNull(jobs, "jobs");
        return Mono.fromRunnable(() -> {
            synchronized (lock) {
                Instant now = clock.instant();
                for (Job job : jobs) {
                    Pending held = pending.get(sequenceOf(job));
                    if (held != null) {
                        held.consumer = consumer;
                        held.deliveredAt = now;
                    }
                }
            }
        });
    }

    @Override
    public Mono<AsyncRequest> request(String callId) {
        requireNonNull(callId, "callId");
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                return live(requests, callId, clock.instant());
            }
        });
    }

    @Override
    public Mono<CallRecord> record(String callId) {
        requireNonNull(callId, "callId");
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                return live(records, callId, clock.instant());
            }
        });
    }

    @Override
    public Mono<Void> save(CallRecord record) {
        requireNonNull(record, "record");
        return Mono.fromRunnable(() -> {
            synchronized (lock) {
                Expiring<CallRecord> current = records.get(record.id());
                Instant expiresAt = current == null || !current.isLive(clock.instant()) ? null : current.expiresAt;
                records.put(record.id(), new Expiring<>(record, expiresAt));
            }
        });
    }

    @Override
    public Mono<Void> retryAt(Job job, CallRecord record, Instant due) {
        requireNonNull(job, "job");
        requireSameCall(job, record);
        requireNonNull(due, "due");
        return Mono.fromRunnable(() -> {
            synchronized (lock) {
                acknowledge(job);
                records.put(record.id(), new Expiring<>(record, null));
                expireRequest(record.id(), null);
                delayed.put(job.kind() + ":" + job.callId(), due);
            }
        });
    }

    @Override
    public Mono<Void> finish(Job job, CallRecord record, JobKind next, boolean deadLetter, Duration ttl) {
        requireNonNull(job, "job");
        requireSameCall(job, record);
        requirePositive(ttl, "ttl");
        return Mono.fromRunnable(() -> {
            Sinks.Empty<Void> fired = null;
            synchronized (lock) {
                Instant expiresAt = clock.instant().plus(ttl);
                acknowledge(job);
                records.put(record.id(), new Expiring<>(record, expiresAt));
                expireRequest(record.id(), expiresAt);
                if (next != null) {
                    fired = enqueue(next, record.id());
                }
                if (deadLetter) {
                    dead.remove(record.id());
                    dead.add(record.id());
                }
            }
            if (fired != null) {
                fired.tryEmitEmpty();
            }
        });
    }

    @Override
    public Mono<Void> drop(Job job) {
        requireNonNull(job, "job");
        return Mono.fromRunnable(() -> {
            synchronized (lock) {
                acknowledge(job);
            }
        });
    }

    @Override
    public Mono<Long> promoteDue(Instant now, int max) {
        requireNonNull(now, "now");
        if (max < 1) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        return Mono.fromSupplier(() -> {
            Sinks.Empty<Void> fired = null;
            long moved;
            synchronized (lock) {
                List<String> due = delayed.entrySet().stream()
                        .filter(member -> !member.getValue().isAfter(now))
                        .sorted(DUE_ORDER)
                        .limit(max)
                        .map(Map.Entry::getKey)
                        .toList();
                for (String member : due) {
                    delayed.remove(member);
                    int colon = member.indexOf(':');
                    fired = enqueue(JobKind.valueOf(member.substring(0, colon)), member.substring(colon + 1));
                }
                moved = due.size();
            }
            if (fired != null) {
                fired.tryEmitEmpty();
            }
            return moved;
        });
    }

    @Override
    public Flux<CallRecord> deadLetters(String tenant, int limit, String after) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        return Flux.defer(() -> {
            List<CallRecord> page = new ArrayList<>();
            synchronized (lock) {
                Instant now = clock.instant();
                pruneDead(now);
                boolean started = after == null || !dead.contains(after);
                for (String callId : dead) {
                    if (!started) {
                        started = callId.equals(after);
                        continue;
                    }
                    CallRecord record = live(records, callId, now);
                    if (tenant == null || record.tenant().equals(tenant)) {
                        page.add(record);
                        if (page.size() == limit) {
                            break;
                        }
                    }
                }
            }
            return Flux.fromIterable(page);
        });
    }

    @Override
    public Mono<Boolean> replay(String callId, CallRecord record) {
        requireNonNull(callId, "callId");
        requireNonNull(record, "record");
        if (!callId.equals(record.id())) {
            throw new IllegalArgumentException("record: " + record.id() + " (expected: the record of " + callId + ")");
        }
        return Mono.fromSupplier(() -> {
            Sinks.Empty<Void> fired;
            synchronized (lock) {
                Instant now = clock.instant();
                if (!dead.remove(callId)) {
                    return false;
                }
                if (live(records, callId, now) == null || live(requests, callId, now) == null) {
                    return false;
                }
                records.put(callId, new Expiring<>(record, null));
                expireRequest(callId, null);
                fired = enqueue(JobKind.RUN, callId);
            }
            fired.tryEmitEmpty();
            return true;
        });
    }

    @Override
    public Mono<QueueStats> stats() {
        return Mono.fromSupplier(() -> {
            synchronized (lock) {
                pruneDead(clock.instant());
                return new QueueStats(ready.size(), pending.size(), delayed.size(), dead.size());
            }
        });
    }

    /** Queues an entry; holds the lock. Answers the signal to fire once the lock is released. */
    private Sinks.Empty<Void> enqueue(JobKind kind, String callId) {
        long number = ++sequence;
        ready.put(number, new Entry(number, kind, callId));
        Sinks.Empty<Void> fired = arrival;
        arrival = Sinks.empty();
        return fired;
    }

    /** Removes the job's entry wherever it is (pending in anyone's name, or still queued); holds the lock. */
    private void acknowledge(Job job) {
        Long number = sequenceOf(job);
        if (number != null) {
            pending.remove(number);
            ready.remove(number);
        }
    }

    private void expireRequest(String callId, Instant expiresAt) {
        Expiring<AsyncRequest> request = requests.get(callId);
        if (request != null && request.isLive(clock.instant())) {
            requests.put(callId, new Expiring<>(request.value, expiresAt));
        }
    }

    /** Drops dead letters whose record expired; holds the lock. */
    private void pruneDead(Instant now) {
        dead.removeIf(callId -> live(records, callId, now) == null);
    }

    private static <T> T live(Map<String, Expiring<T>> values, String key, Instant now) {
        Expiring<T> value = values.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isLive(now)) {
            values.remove(key);
            return null;
        }
        return value.value;
    }

    private static Long sequenceOf(Job job) {
        try {
            return Long.valueOf(job.entryId());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static void requireSameCall(AsyncRequest request, CallRecord record) {
        requireNonNull(request, "request");
        requireNonNull(record, "record");
        if (!request.callId().equals(record.id())) {
            throw new IllegalArgumentException("record: " + record.id() + " (expected: the record of "
                    + request.callId() + ")");
        }
    }

    static void requireSameCall(Job job, CallRecord record) {
        requireNonNull(record, "record");
        if (!job.callId().equals(record.id())) {
            throw new IllegalArgumentException("record: " + record.id() + " (expected: the record of "
                    + job.callId() + ")");
        }
    }

    static void requirePositive(Duration value, String name) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    static void requireNotNegative(Duration value, String name) {
        requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
    }

    /** A value and when it expires (null: never). */
    private record Expiring<T>(T value, Instant expiresAt) {
        boolean isLive(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    /** One queue entry. */
    private record Entry(long sequence, JobKind kind, String callId) {
    }

    /** An entry handed out and not acknowledged. */
    private static final class Pending {
        private final Entry entry;
        private String consumer;
        private Instant deliveredAt;
        private long deliveries = 1;

        Pending(Entry entry, String consumer, Instant deliveredAt) {
            this.entry = entry;
            this.consumer = consumer;
            this.deliveredAt = deliveredAt;
        }

        Job toJob() {
            return new Job(entry.kind, entry.callId, Long.toString(entry.sequence), deliveries);
        }
    }
}

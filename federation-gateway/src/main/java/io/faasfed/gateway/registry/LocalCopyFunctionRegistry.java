package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.PlatformId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A shared store (Redis) with a local copy kept by this gateway, so that invocations survive the store's outage.
 *
 * <ul>
 *   <li>While the store answers, every call goes to it; reads refresh the copy's entry, accepted writes are applied
 *       to the copy, and the whole copy is re-read every {@code refreshInterval}.</li>
 *   <li>When a call fails because the store is away ({@link StoreAvailability#isOutage}), the store is marked
 *       unavailable: from then on reads ({@code lookup}, {@code all}, {@code size}) are answered from the copy
 *       without waiting for the store, as long as the copy is at most {@code maxStaleness} old (its age is the time
 *       since the last complete re-read); beyond that they fail with {@link RegistryUnavailableException}. Writes fail
 *       with {@link RegistryUnavailableException} at once, and {@link #ensureWritable()} lets a caller refuse a
 *       management operation before it touches a platform.</li>
 *   <li>The refresh loop keeps pinging the store; the first successful re-read marks it available again.</li>
 * </ul>
 */
public final class LocalCopyFunctionRegistry implements FunctionRegistry, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalCopyFunctionRegistry.class);

    private final FunctionRegistry store;
    private final StoreAvailability availability;
    private final Duration refreshInterval;
    private final Duration maxStaleness;
    private final Clock clock;
    private volatile InMemoryFunctionRegistry copy = new InMemoryFunctionRegistry();
    private volatile Instant copiedAt;
    private volatile Outage outage;
    private volatile Disposable loop;

    /**
     * @param store           the shared store
     * @param availability    how to tell it is away
     * @param refreshInterval how often the whole copy is re-read (and the store pinged while it is away)
     * @param maxStaleness    the oldest copy reads are answered from while the store is away
     * @param clock           the clock ages are measured with
     */
    public LocalCopyFunctionRegistry(FunctionRegistry store, StoreAvailability availability, Duration refreshInterval,
                                     Duration maxStaleness, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.availability = Objects.requireNonNull(availability, "availability");
        this.refreshInterval = positive(refreshInterval, "refreshInterval");
        this.maxStaleness = positive(maxStaleness, "maxStaleness");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
        return value;
    }

    // ---- reads: the store, else the copy -------------------------------------------------------------------------

    @Override
    public Mono<List<Placement>> lookup(String name) {
        return Mono.defer(() -> outage != null ? fromCopy(() -> copy.lookup(name))
                : store.lookup(name)
                .doOnNext(found -> remember(name, found))
                .onErrorResume(availability::isOutage, error -> {
                    down(error);
                    return fromCopy(() -> copy.lookup(name));
                }));
    }

    @Override
    public Flux<List<Placement>> all() {
        return Flux.defer(() -> outage != null ? fromCopyMany(() -> copy.all())
                : store.all().onErrorResume(availability::isOutage, error -> {
                    down(error);
                    return fromCopyMany(() -> copy.all());
                }));
    }

    @Override
    public Mono<Long> size() {
        return Mono.defer(() -> outage != null ? fromCopy(() -> copy.size())
                : store.size().onErrorResume(availability::isOutage, error -> {
                    down(error);
                    return fromCopy(() -> copy.size());
                }));
    }

    private <T> Mono<T> fromCopy(Supplier<Mono<T>> read) {
        return Mono.defer(() -> {
            RegistryUnavailableException tooOld = tooOld();
            return tooOld != null ? Mono.error(tooOld) : read.get();
        });
    }

    private <T> Flux<T> fromCopyMany(Supplier<Flux<T>> read) {
        return Flux.defer(() -> {
            RegistryUnavailableException tooOld = tooOld();
            return tooOld != null ? Flux.error(tooOld) : read.get();
        });
    }

    private RegistryUnavailableException tooOld() {
        Outage current = outage;
        Duration age = copyAge();
        if (current == null || (age != null && age.compareTo(maxStaleness) <= 0)) {
            return null;
        }
        return new RegistryUnavailableException("the registry store (" + availability.describe()
                + ") is unavailable since " + current.since() + " (" + current.cause() + ") and this gateway's local "
                + "copy " + (age == null ? "was never filled" : "is " + age.toSeconds() + " s old, older than "
                + "faasfed.redis.local-copy.max-staleness (" + maxStaleness + ")") + "; retry when the store is back",
                current.since(), age, null);
    }

    private void remember(String name, List<Placement> found) {
        InMemoryFunctionRegistry current = copy;
        Set<Placement.Key> present = new HashSet<>();
        found.forEach(placement -> {
            present.add(placement.key());
            current.put(placement).subscribe();
        });
        Instant now = clock.instant();
        current.lookupNow(name).stream().filter(placement -> !present.contains(placement.key()))
                .forEach(gone -> current.remove(name, gone.platform(), gone.scope(), now).subscribe());
    }

    // ---- writes: the store or 503 -----------------------------------------------------------------------------------

    @Override
    public Mono<Void> put(Placement placement) {
        return write(() -> store.put(placement), copy -> copy.put(placement));
    }

    @Override
    public Mono<Void> remove(String name, PlatformId platform, String scope, Instant deletedAt) {
        return write(() -> store.remove(name, platform, scope, deletedAt),
                copy -> copy.remove(name, platform, scope, deletedAt));
    }

    @Override
    public Mono<Void> replacePlatform(PlatformId platform, Collection<Placement> placements, Instant listedAt) {
        return write(() -> store.replacePlatform(platform, placements, listedAt),
                copy -> copy.replacePlatform(platform, placements, listedAt));
    }

    @Override
    public Mono<Void> markStale(PlatformId platform) {
        return write(() -> store.markStale(platform), copy -> copy.markStale(platform));
    }

    @Override
    public Mono<Void> ensureWritable() {
        return Mono.defer(() -> {
            Outage current = outage;
            if (current != null) {
                return Mono.error(refused(current));
            }
            return availability.ping().onErrorMap(error -> refused(down(error)));
        });
    }

    private Mono<Void> write(Supplier<Mono<Void>> operation,
                             Function<InMemoryFunctionRegistry, Mono<Void>> onCopy) {
        return Mono.defer(() -> {
            Outage current = outage;
            if (current != null) {
                return Mono.error(refused(current));
            }
            return operation.get()
                    .then(Mono.defer(() -> onCopy.apply(copy)))
                    .onErrorMap(availability::isOutage, error -> refused(down(error)));
        });
    }

    private RegistryUnavailableException refused(Outage current) {
        return new RegistryUnavailableException("the registry store (" + availability.describe()
                + ") is unavailable since " + current.since() + " (" + current.cause() + "); changes to the namespace "
                + "are refused until it is back (invocations still resolve from this gateway's local copy)",
                current.since(), copyAge(), null);
    }

    // ---- outage state ---------------------------------------------------------------------------------------------

    private Outage down(Throwable error) {
        Outage current = outage;
        if (current != null) {
            return current;
        }
        Outage next = new Outage(clock.instant(), describe(error));
        outage = next;
        Duration age = copyAge();
        log.warn("registry store {} unavailable ({}); invocations resolve from the local copy ({}) for up to {}, "
                        + "writes answer 503 until it is back", availability.describe(), next.cause(),
                age == null ? "never filled" : age.toSeconds() + " s old", maxStaleness);
        return next;
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /**
     * Pings the store and, when it answers, re-reads the whole registry into a new copy and marks the store
     * available; completes either way (a failure marks the store unavailable).
     */
    public Mono<Void> refresh() {
        return Mono.defer(() -> {
            Instant started = clock.instant();
            InMemoryFunctionRegistry next = new InMemoryFunctionRegistry();
            return availability.ping()
                    .thenMany(store.all())
                    .concatMap(placements -> Flux.fromIterable(placements).concatMap(next::put))
                    .then(Mono.fromRunnable(() -> {
                        copy = next;
                        copiedAt = started;
                        Outage was = outage;
                        outage = null;
                        if (was != null) {
                            log.info("registry store {} answers again after an outage since {}; local copy re-read",
                                    availability.describe(), was.since());
                        }
                    }))
                    .onErrorResume(error -> {
                        if (availability.isOutage(error)) {
                            down(error);
                        } else {
                            log.warn("re-reading the registry into the local copy failed: {}", describe(error));
                        }
                        return Mono.empty();
                    })
                    .then();
        });
    }

    /** Whether the store is currently considered unavailable. */
    public boolean storeUnavailable() {
        return outage != null;
    }

    /** When the store became unavailable; null while it is available. */
    public Instant unavailableSince() {
        Outage current = outage;
        return current == null ? null : current.since();
    }

    /** The failure that made the store unavailable; null while it is available. */
    public String outageCause() {
        Outage current = outage;
        return current == null ? null : current.cause();
    }

    /** The time since the copy was last re-read completely; null before the first re-read. */
    public Duration copyAge() {
        Instant at = copiedAt;
        return at == null ? null : Duration.between(at, clock.instant());
    }

    /** Whether reads are answered while the store is away: the copy is at most the staleness bound old. */
    public boolean copyServes() {
        Duration age = copyAge();
        return age != null && age.compareTo(maxStaleness) <= 0;
    }

    /** The staleness bound of the copy. */
    public Duration maxStaleness() {
        return maxStaleness;
    }

    /** How the store is described. */
    public StoreAvailability availability() {
        return availability;
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------------

    @Override
    public void start() {
        loop = Flux.interval(Duration.ZERO, refreshInterval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> refresh(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }

    /** When and why the store became unavailable. */
    private record Outage(Instant since, String cause) {
    }
}

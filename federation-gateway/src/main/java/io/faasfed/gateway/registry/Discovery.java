package io.faasfed.gateway.registry;

import io.faasfed.adapter.api.FaasException;
import io.faasfed.adapter.api.FunctionInfo;
import io.faasfed.adapter.api.FunctionRef;
import io.faasfed.adapter.api.PlatformId;
import io.faasfed.gateway.config.FaasfedProperties;
import io.faasfed.gateway.platform.ConfiguredPlatform;
import io.faasfed.gateway.platform.PlatformDirectory;
import io.faasfed.gateway.platform.PlatformStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the registry in step with the platforms. A loop lists every platform each {@code faasfed.discovery.interval}
 * (and probes it); a platform that fails to list keeps its last known functions, marked stale, and its status turns
 * down, while the rest of the namespace is unaffected. A name the registry does not know triggers an on-miss refresh
 * that is single-flight (concurrent misses for one name share one {@code get} per platform) and bounded by a
 * {@link MissLimiter} (negative cache and global rate).
 */
public final class Discovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);

    private final PlatformDirectory directory;
    private final FunctionRegistry registry;
    private final FaasfedProperties.Discovery settings;
    private final MeterRegistry meters;
    private final Map<PlatformId, PlatformStatus> statuses = new ConcurrentHashMap<>();
    /** Per platform, when the pass whose outcome the status shows started: an older pass never overwrites it. */
    private final Map<PlatformId, Instant> reportedPass = new ConcurrentHashMap<>();
    private final Map<String, Mono<Boolean>> inflightMisses = new ConcurrentHashMap<>();
    private final MissLimiter misses;
    private volatile Disposable loop;

    /** Discovery over {@code directory}'s platforms into {@code registry}. */
    public Discovery(PlatformDirectory directory, FunctionRegistry registry, FaasfedProperties.Discovery settings,
                     MeterRegistry meters) {
        this(directory, registry, settings, meters, new MissLimiter(settings.getMiss().getNegativeTtl(),
                settings.getMiss().getNegativeMaxNames(), settings.getMiss().getLookupsPerSecond(),
                settings.getMiss().getLookupBurst(), meters, System::nanoTime));
    }

    /** Discovery with its own {@code misses} limiter (tests give it a clock). */
    Discovery(PlatformDirectory directory, FunctionRegistry registry, FaasfedProperties.Discovery settings,
              MeterRegistry meters, MissLimiter misses) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.misses = Objects.requireNonNull(misses, "misses");
        directory.all().forEach(platform -> statuses.put(platform.id(), PlatformStatus.UNKNOWN));
    }

    /** What is known of {@code platform}. */
    public PlatformStatus status(PlatformId platform) {
        return statuses.getOrDefault(platform, PlatformStatus.UNKNOWN);
    }

    /** Lists and probes every platform once, in parallel; completes when all are done, never errors. */
    public Mono<Void> syncAll() {
        return Flux.fromIterable(directory.all()).flatMap(this::sync).then();
    }

    /**
     * Lists and probes one platform, updating registry and status; never errors. When the registry cannot be written
     * ({@link RegistryUnavailableException}) the listing is not recorded, but the platform's status stays about the
     * platform: it listed fine.
     */
    public Mono<Void> sync(ConfiguredPlatform platform) {
        return Mono.defer(() -> sync(platform, Instant.now()));
    }

    /**
     * One pass over {@code platform} that started at {@code started}. Passes can overlap (the loop's, an operator's,
     * the one at start) and end in any order: a pass that started before the one whose outcome the status shows
     * changes neither the status nor the placements' staleness, so that an old failure cannot mark down a platform a
     * newer pass found serving.
     */
    private Mono<Void> sync(ConfiguredPlatform platform, Instant started) {
        PlatformId id = platform.id();
        Mono<Void> probe = platform.platform().probe()
                .doOnNext(health -> report(id, started, status -> status.probed(health)))
                .onErrorResume(error -> Mono.empty())
                .then();
        Mono<Void> list = Mono.defer(() -> {
            Instant listedAt = Instant.now();
            return platform.platform().list()
                    .map(info -> new Placement(info.platform(), info, listedAt, false))
                    .collectList()
                    .flatMap(placements -> registry.replacePlatform(id, placements, listedAt)
                            .doOnSuccess(done -> misses.forgetAll(placements.stream()
                                    .flatMap(placement -> java.util.stream.Stream.of(placement.name(),
                                            placement.ref().qualified()))
                                    .distinct().toList()))
                            .onErrorResume(RegistryUnavailableException.class, unavailable -> {
                                log.debug("discovery of platform {} not recorded: {}", id, unavailable.getMessage());
                                return Mono.empty();
                            })
                            .then(Mono.fromRunnable(() -> report(id, started,
                                    status -> status.synced(placements.size(), Instant.now())))));
        })
                .onErrorResume(error -> {
                    String message = error instanceof FaasException ? error.getMessage()
                            : "listing failed: " + error;
                    meters.counter("faasfed.discovery.errors", "platform", id.value()).increment();
                    if (!report(id, started, status -> status.failed(message))) {
                        log.debug("discovery of platform {} failed in a pass a newer one overtook: {}", id, message);
                        return Mono.empty();
                    }
                    log.warn("discovery of platform {} failed; keeping its last known functions as stale: {}", id,
                            message);
                    return registry.markStale(id).onErrorResume(ignored -> Mono.empty());
                })
                .then();
        return Mono.when(probe, list);
    }

    /**
     * Applies {@code change} to the platform's status unless a pass that started after {@code started} already
     * reported; answers whether it applied.
     */
    private boolean report(PlatformId id, Instant started, java.util.function.UnaryOperator<PlatformStatus> change) {
        boolean[] applied = {false};
        statuses.compute(id, (key, status) -> {
            Instant newest = reportedPass.get(id);
            if (newest != null && started.isBefore(newest)) {
                return status;
            }
            reportedPass.put(id, started);
            applied[0] = true;
            return change.apply(orUnknown(status));
        });
        return applied[0];
    }

    /**
     * Looks for {@code name} on every platform after a registry miss, adding what it finds; emits whether anything
     * was found. The lookups are bounded ({@link MissLimiter}): a name found missing is answered from the negative
     * cache for a while, every on-miss lookup takes a token of a global budget, and concurrent calls for one name
     * share one lookup (one {@code get} per platform). When nothing is found and a platform could not be asked (its
     * {@code get} failed with something other than "not found"; or, without asking, it is known to be down) it errors
     * with {@link PlatformsUnreachableException} instead of emitting false.
     */
    public Mono<Boolean> refreshOnMiss(String name) {
        return refreshOnMiss(name, null);
    }

    /**
     * As {@link #refreshOnMiss(String)}, for {@code name} in {@code scope} (null: each platform's default scope):
     * each platform is asked for the function in that scope, so that {@code echo.dev} is found while the registry
     * knows only the default scope's {@code echo}. Negative cache, budget and single-flight are per qualified name.
     */
    public Mono<Boolean> refreshOnMiss(String name, String scope) {
        if (!settings.isRefreshOnMiss() || directory.isEmpty()) {
            return Mono.just(false);
        }
        String qualified = scope == null ? name : name + "." + scope;
        MissLimiter.Miss remembered = misses.remembered(qualified);
        if (remembered != null) {
            return notFound(qualified, remembered.unreachable());
        }
        Mono<Boolean> joined = inflightMisses.get(qualified);
        if (joined != null) {
            return joined;
        }
        if (!misses.tryLookup()) {
            return notFound(qualified, knownDown());
        }
        return inflightMisses.computeIfAbsent(qualified, key -> lookEverywhere(FunctionRef.of(name, scope))
                .doFinally(signal -> inflightMisses.remove(key))
                .cache());
    }

    private Mono<Boolean> lookEverywhere(FunctionRef ref) {
        String name = ref.qualified();
        return Flux.fromIterable(directory.all())
                .flatMap(platform -> platform.platform().get(ref)
                        .flatMap(info -> registry.put(Placement.of(info)).thenReturn(Lookup.FOUND))
                        .defaultIfEmpty(Lookup.NOT_FOUND)
                        .onErrorResume(error -> {
                            if (error instanceof RegistryUnavailableException) {
                                return Mono.error(error);
                            }
                            if (error instanceof FaasException.FunctionNotFound
                                    || error instanceof FaasException.InvalidSpec
                                    || error instanceof FaasException.UnsupportedCapability) {
                                // not there, or a scope this platform cannot have: either way it answered
                                return Mono.just(Lookup.NOT_FOUND);
                            }
                            log.debug("on-miss lookup of '{}' on {} failed: {}", name, platform.id(),
                                    error.toString());
                            return Mono.just(Lookup.unreachable(error instanceof FaasException
                                    ? error.getMessage() : error.getClass().getSimpleName()
                                    + (error.getMessage() == null ? "" : ": " + error.getMessage())));
                        })
                        .map(lookup -> Map.entry(platform.id(), lookup)))
                .collectList()
                .flatMap(outcomes -> {
                    if (outcomes.stream().anyMatch(outcome -> outcome.getValue().found())) {
                        misses.forget(name);
                        return Mono.just(true);
                    }
                    Map<PlatformId, String> unreachable = new TreeMap<>();
                    outcomes.stream().filter(outcome -> outcome.getValue().unreachable() != null)
                            .forEach(outcome -> unreachable.put(outcome.getKey(), outcome.getValue().unreachable()));
                    misses.remember(name, unreachable);
                    return notFound(name, unreachable);
                });
    }

    private static Mono<Boolean> notFound(String name, Map<PlatformId, String> unreachable) {
        return unreachable.isEmpty() ? Mono.just(false)
                : Mono.error(new PlatformsUnreachableException(name, unreachable));
    }

    /** The platforms known to be down: the last probe said so, or the last listing failed. */
    private Map<PlatformId, String> knownDown() {
        Map<PlatformId, String> down = new TreeMap<>();
        for (ConfiguredPlatform platform : directory.all()) {
            PlatformStatus status = status(platform.id());
            if (status.health() != null && !status.health().isServing()) {
                down.put(platform.id(), "known down: " + status.health().detail());
            } else if (status.stale()) {
                down.put(platform.id(), "known down: " + status.lastError());
            }
        }
        return down;
    }

    /** Forgets that {@code name} was missing (after a deploy through the gateway). */
    public void forgetMiss(String name) {
        misses.forget(name);
    }

    /** Records a function deployed through the gateway. */
    public Mono<Void> recordDeployed(FunctionInfo info) {
        forgetMiss(info.name());
        forgetMiss(info.ref().qualified());
        return registry.put(Placement.of(info));
    }

    @Override
    public void start() {
        Duration interval = settings.getInterval();
        loop = Flux.interval(Duration.ZERO, interval, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(tick -> syncAll(), 1)
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

    /** Known platforms' statuses, for listing. */
    public List<Map.Entry<PlatformId, PlatformStatus>> statuses() {
        return List.copyOf(statuses.entrySet());
    }

    private static PlatformStatus orUnknown(PlatformStatus status) {
        return status == null ? PlatformStatus.UNKNOWN : status;
    }

    /** One platform's answer to an on-miss lookup. */
    private record Lookup(boolean found, String unreachable) {
        static final Lookup FOUND = new Lookup(true, null);
        static final Lookup NOT_FOUND = new Lookup(false, null);

        static Lookup unreachable(String reason) {
            return new Lookup(false, reason);
        }
    }
}

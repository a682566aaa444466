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
 * that is single-flight: concurrent misses for one name share one {@code get} per platform.
 */
public final class Discovery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    private static final Duration MISS_MEMORY = Duration.ofMillis(500);

    private final PlatformDirectory directory;
    private final FunctionRegistry registry;
    private final FaasfedProperties.Discovery settings;
    private final MeterRegistry meters;
    private final Map<PlatformId, PlatformStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Mono<Boolean>> inflightMisses = new ConcurrentHashMap<>();
    private final Map<String, Long> recentMisses = new ConcurrentHashMap<>();
    private volatile Disposable loop;

    /** Discovery over {@code directory}'s platforms into {@code registry}. */
    public Discovery(PlatformDirectory directory, FunctionRegistry registry, FaasfedProperties.Discovery settings,
                     MeterRegistry meters) {
        this.directory = directory;
        this.registry = registry;
        this.settings = settings;
        this.meters = meters;
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

    /** Lists and probes one platform, updating registry and status; never errors. */
    public Mono<Void> sync(ConfiguredPlatform platform) {
        PlatformId id = platform.id();
        Mono<Void> probe = platform.platform().probe()
                .doOnNext(health -> statuses.compute(id, (key, status) -> orUnknown(status).probed(health)))
                .onErrorResume(error -> Mono.empty())
                .then();
        Mono<Void> list = Mono.defer(() -> {
            Instant listedAt = Instant.now();
            return platform.platform().list()
                    .map(info -> new Placement(info.platform(), info, listedAt, false))
                    .collectList()
                    .flatMap(placements -> registry.replacePlatform(id, placements, listedAt)
                            .doOnSuccess(done -> statuses.compute(id, (key, status) -> orUnknown(status)
                                    .synced(placements.size(), Instant.now()))));
        })
                .onErrorResume(error -> {
                    String message = error instanceof FaasException ? error.getMessage()
                            : "listing failed: " + error;
                    log.warn("discovery of platform {} failed; keeping its last known functions as stale: {}", id,
                            message);
                    meters.counter("faasfed.discovery.errors", "platform", id.value()).increment();
                    statuses.compute(id, (key, status) -> orUnknown(status).failed(message));
                    return registry.markStale(id).onErrorResume(ignored -> Mono.empty());
                });
        return Mono.when(probe, list);
    }

    /**
     * Looks for {@code name} on every platform after a registry miss, adding what it finds; emits whether anything
     * was found. Concurrent calls for one name share one refresh; a name just found missing is not looked for again
     * for a moment, so a flood of calls for an unknown name costs the platforms one request each.
     */
    public Mono<Boolean> refreshOnMiss(String name) {
        if (!settings.isRefreshOnMiss() || directory.isEmpty()) {
            return Mono.just(false);
        }
        Long missedAt = recentMisses.get(name);
        if (missedAt != null && System.nanoTime() - missedAt < MISS_MEMORY.toNanos()) {
            return Mono.just(false);
        }
        return inflightMisses.computeIfAbsent(name, key -> Flux.fromIterable(directory.all())
                .flatMap(platform -> platform.platform().get(FunctionRef.of(name))
                        .flatMap(info -> registry.put(Placement.of(info)).thenReturn(info))
                        .onErrorResume(error -> {
                            if (!(error instanceof FaasException.FunctionNotFound)) {
                                log.debug("on-miss lookup of '{}' on {} failed: {}", name, platform.id(),
                                        error.toString());
                            }
                            return Mono.empty();
                        }))
                .collectList()
                .map(found -> !found.isEmpty())
                .doOnNext(found -> {
                    if (found) {
                        recentMisses.remove(name);
                    } else {
                        recentMisses.put(name, System.nanoTime());
                        if (recentMisses.size() > 10_000) {
                            recentMisses.clear();
                        }
                    }
                })
                .doFinally(signal -> inflightMisses.remove(name))
                .cache())
                .onErrorReturn(false);
    }

    /** Forgets that {@code name} was missing (after a deploy through the gateway). */
    public void forgetMiss(String name) {
        recentMisses.remove(name);
    }

    /** Records a function deployed through the gateway. */
    public Mono<Void> recordDeployed(FunctionInfo info) {
        forgetMiss(info.name());
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
}

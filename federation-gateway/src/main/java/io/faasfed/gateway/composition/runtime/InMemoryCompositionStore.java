package io.faasfed.gateway.composition.runtime;

import io.faasfed.gateway.composition.engine.Checkpoint;
import io.faasfed.gateway.composition.engine.StepTrace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Compositions and run state in this process only: lost on restart, not shared between replicas (the embedded
 * default). Runs expire after their TTL; at most {@code maxRuns} are kept, the oldest dropped first.
 */
public final class InMemoryCompositionStore implements CompositionStore {

    private final Map<String, StoredComposition> compositions = new ConcurrentSkipListMap<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxRuns;

    /**
     * @param clock   the time runs expire by
     * @param maxRuns the most runs kept
     */
    public InMemoryCompositionStore(Clock clock, int maxRuns) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxRuns < 1) {
            throw new IllegalArgumentException("maxRuns: " + maxRuns + " (expected: > 0)");
        }
        this.maxRuns = maxRuns;
    }

    private static String key(String tenant, String name) {
        return tenant + "\u0000" + name;
    }

    @Override
    public Mono<StoredComposition> save(String tenant, String name, String source, String mediaType,
                                        String updatedBy, Instant now, boolean createOnly) {
        return Mono.fromSupplier(() -> {
            StoredComposition[] saved = {null};
            compositions.compute(key(tenant, name), (k, old) -> {
                if (old != null && createOnly) {
                    return old;
                }
                saved[0] = new StoredComposition(tenant, name, source, mediaType, old == null ? 1 : old.revision() + 1,
                        old == null ? now : old.createdAt(), now, updatedBy);
                return saved[0];
            });
            return saved[0];
        });
    }

    @Override
    public Mono<StoredComposition> find(String tenant, String name) {
        return Mono.fromSupplier(() -> compositions.get(key(tenant, name)));
    }

    @Override
    public Flux<StoredComposition> list(String tenant) {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(compositions.values())))
                .filter(found -> tenant == null || found.tenant().equals(tenant));
    }

    @Override
    public Mono<Boolean> delete(String tenant, String name) {
        return Mono.fromSupplier(() -> compositions.remove(key(tenant, name)) != null);
    }

    @Override
    public Mono<Void> saveRun(RunInfo run, Duration ttl) {
        return Mono.fromRunnable(() -> live(run.id(), ttl).info = run);
    }

    @Override
    public Mono<RunInfo> run(String runId) {
        return Mono.fromSupplier(() -> {
            Run run = current(runId);
            return run == null ? null : run.info;
        });
    }

    @Override
    public Mono<Void> saveStep(String runId, int incarnation, StepTrace step, Duration ttl) {
        return Mono.fromRunnable(() -> {
            Run run = live(runId, ttl);
            synchronized (run) {
                run.steps.put(step.path() + "#" + step.attempt() + "#" + incarnation, step);
            }
        });
    }

    @Override
    public Flux<StepTrace> steps(String runId) {
        return Flux.defer(() -> {
            Run run = current(runId);
            if (run == null) {
                return Flux.empty();
            }
            List<StepTrace> copy;
            synchronized (run) {
                copy = new ArrayList<>(run.steps.values());
            }
            copy.sort(Comparator.comparing(StepTrace::started));
            return Flux.fromIterable(copy);
        });
    }

    @Override
    public Mono<Void> saveCheckpoint(String runId, Checkpoint checkpoint, Duration ttl) {
        return Mono.fromRunnable(() -> live(runId, ttl).checkpoint = checkpoint);
    }

    @Override
    public Mono<Checkpoint> checkpoint(String runId) {
        return Mono.fromSupplier(() -> {
            Run run = current(runId);
            return run == null ? null : run.checkpoint;
        });
    }

    private Run current(String runId) {
        Run run = runs.get(runId);
        if (run != null && !run.expiresAt.isAfter(clock.instant())) {
            runs.remove(runId, run);
            return null;
        }
        return run;
    }

    private Run live(String runId, Duration ttl) {
        Instant now = clock.instant();
        Run run = runs.compute(runId, (id, old) -> old == null || !old.expiresAt.isAfter(now) ? new Run() : old);
        run.expiresAt = now.plus(ttl);
        if (runs.size() > maxRuns) {
            prune(now);
        }
        return run;
    }

    private void prune(Instant now) {
        runs.entrySet().removeIf(entry -> !entry.getValue().expiresAt.isAfter(now));
        int excess = runs.size() - maxRuns;
        if (excess > 0) {
            runs.entrySet().stream().sorted(Comparator.comparing(entry -> entry.getValue().expiresAt))
                    .limit(excess).map(Map.Entry::getKey).toList().forEach(runs::remove);
        }
    }

    /** One run's state. */
    private static final class Run {
        volatile Instant expiresAt = Instant.MAX;
        volatile RunInfo info;
        volatile Checkpoint checkpoint;
        final Map<String, StepTrace> steps = new LinkedHashMap<>();
    }
}

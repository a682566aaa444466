package io.faasfed.gateway.composition.runtime;

import io.faasfed.gateway.composition.engine.Checkpoint;
import io.faasfed.gateway.composition.engine.StepTrace;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where compositions and the state of their runs live: Redis when replicas share it ({@code RedisCompositionStore}),
 * in memory for the embedded default ({@code InMemoryCompositionStore}, not durable). A run's checkpoint, steps and
 * summary expire after the TTL they are written with. Every method fails with
 * {@link io.faasfed.gateway.registry.RegistryUnavailableException} when the store cannot be reached.
 */
public interface CompositionStore {

    /**
     * Saves {@code source} as {@code tenant}'s composition {@code name}: a new one with revision 1, or (unless
     * {@code createOnly}) a replacement with the next revision.
     *
     * @return the saved composition; empty when {@code createOnly} and one already exists
     */
    Mono<StoredComposition> save(String tenant, String name, String source, String mediaType, String updatedBy,
                                 Instant now, boolean createOnly);

    /** {@code tenant}'s composition {@code name}; empty when there is none. */
    Mono<StoredComposition> find(String tenant, String name);

    /** Every composition of {@code tenant} (every tenant's when null), by tenant and name. */
    Flux<StoredComposition> list(String tenant);

    /** Deletes {@code tenant}'s composition {@code name}; whether there was one. */
    Mono<Boolean> delete(String tenant, String name);

    /** Saves (replaces) a run's summary. */
    Mono<Void> saveRun(RunInfo run, Duration ttl);

    /** A run's summary; empty when unknown or expired. */
    Mono<RunInfo> run(String runId);

    /**
     * Saves a step of a run, replacing the same step's same attempt in the same incarnation (started, then finished).
     *
     * @param incarnation how many times the run had been resumed when the step ran ({@link RunInfo#resumes()}): a
     *                    resumed run's steps never replace those of the replica that ran before it
     */
    Mono<Void> saveStep(String runId, int incarnation, StepTrace step, Duration ttl);

    /** A run's steps, in the order they started. */
    Flux<StepTrace> steps(String runId);

    /** Saves where a run can resume. */
    Mono<Void> saveCheckpoint(String runId, Checkpoint checkpoint, Duration ttl);

    /** Where a run can resume; empty when it never completed a top-level state (or expired). */
    Mono<Checkpoint> checkpoint(String runId);
}

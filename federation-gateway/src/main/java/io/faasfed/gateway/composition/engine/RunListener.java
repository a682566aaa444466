package io.faasfed.gateway.composition.engine;

import reactor.core.publisher.Mono;

/**
 * Hears a run's progress. Called synchronously on the engine's thread (concurrently from parallel branches and map
 * items): implementations must be thread-safe and must not block; an exception thrown fails the run.
 */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {
    };

    /** A step started ({@code trace.status()} is {@link StepTrace#RUNNING}). */
    default void stepStarted(StepTrace trace) {
    }

    /** A step finished: succeeded, failed, caught, retrying or cancelled. */
    default void stepFinished(StepTrace trace) {
    }

    /**
     * A top-level state completed and the run goes on to {@code checkpoint.nextState()}: persist it to resume the run
     * there with {@link CompositionEngine#run(String, io.faasfed.gateway.composition.CompositionDefinition,
     * tools.jackson.databind.JsonNode, RunListener, Checkpoint)}.
     */
    default void checkpoint(Checkpoint checkpoint) {
    }

    /**
     * Persists {@code checkpoint}; the run goes on only when the returned {@link Mono} completes, so a store that
     * makes it durable guarantees that a completed top-level state never runs again after a resume. An error fails
     * the run. The default calls {@link #checkpoint(Checkpoint)} and completes at once.
     */
    default Mono<Void> persist(Checkpoint checkpoint) {
        checkpoint(checkpoint);
        return Mono.empty();
    }
}

package io.faasfed.gateway.composition.runtime;

import io.faasfed.gateway.composition.engine.StepTrace;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A composition run as {@code GET /federation/v1/calls/{id}} shows it: the run and every step of its trace.
 *
 * @param composition the composition's name
 * @param revision    the revision of its definition that ran
 * @param status      {@code running}, {@code succeeded} or {@code failed}
 * @param startedAt   when it started
 * @param finishedAt  when it ended; null while running
 * @param resumes     how many times another gateway replica resumed it from a checkpoint
 * @param error       where and why it failed; null otherwise
 * @param platforms   the platforms its steps ran on
 * @param steps       every step (each attempt of each state), in the order they started, with its platform,
 *                    status, attempt, times and input/output sizes
 */
public record RunView(String composition, long revision, String status, Instant startedAt, Instant finishedAt,
                      int resumes, String error, Set<String> platforms, List<StepView> steps) {

    /** The view of {@code run} with {@code steps}. */
    public static RunView of(RunInfo run, List<StepTrace> steps) {
        Set<String> platforms = new TreeSet<>();
        steps.forEach(step -> {
            if (step.platform() != null) {
                platforms.add(step.platform());
            }
        });
        return new RunView(run.composition(), run.revision(), run.status(), run.startedAt(), run.finishedAt(),
                run.resumes(), run.error(), platforms, steps.stream().map(StepView::of).toList());
    }

    /**
     * One step of a run.
     *
     * @param path        where it is in the definition, e.g. {@code enrich.branches[1].a}
     * @param state       its state's name
     * @param type        its state's type
     * @param function    the function it called; null for states that call none themselves
     * @param platform    the platform that answered (or failed)
     * @param status      running, succeeded, failed, caught, retrying or cancelled
     * @param attempt     the attempt's number, from 1
     * @param startedAt   when it started
     * @param finishedAt  when it ended; null while running
     * @param durationMs  how long it took; null while running
     * @param inputBytes  its request body's size
     * @param outputBytes its answer's size
     * @param error       what went wrong; null when nothing did
     */
    public record StepView(String path, String state, String type, String function, String platform, String status,
                           int attempt, Instant startedAt, Instant finishedAt, Long durationMs, long inputBytes,
                           long outputBytes, String error) {

        static StepView of(StepTrace step) {
            return new StepView(step.path(), step.state(), step.type(), step.function(), step.platform(),
                    step.status(), step.attempt(), step.started(), step.finished(), step.finished() == null ? null
                    : java.time.Duration.between(step.started(), step.finished()).toMillis(), step.inputBytes(),
                    step.outputBytes(), step.error());
        }
    }
}

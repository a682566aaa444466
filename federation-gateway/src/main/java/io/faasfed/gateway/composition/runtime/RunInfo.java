package io.faasfed.gateway.composition.runtime;

import io.faasfed.gateway.composition.engine.RunResult;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What is known of one run of a composition, besides its steps.
 *
 * @param id          the run's call id
 * @param tenant      the composition's owner
 * @param composition the composition's name
 * @param revision    the revision of the definition that ran
 * @param status      {@value #RUNNING}, {@code succeeded} or {@code failed}
 * @param startedAt   when it (first) started
 * @param finishedAt  when it ended; null while running
 * @param resumes     how many times it was resumed from a checkpoint after its gateway replica stopped
 * @param error       where and why it failed; null otherwise
 * @param output      the run's output when it succeeded; null otherwise
 */
public record RunInfo(String id, String tenant, String composition, long revision, String status, Instant startedAt,
                      Instant finishedAt, int resumes, String error, JsonNode output) {

    /** A run that has not ended. */
    public static final String RUNNING = "running";

    /** Requires the identifying fields; a JSON null output is no output. */
    public RunInfo {
        output = output == null || output.isNull() ? null : output;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(composition, "composition");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A run just started. */
    public static RunInfo started(String id, String tenant, String composition, long revision, Instant at) {
        return new RunInfo(id, tenant, composition, revision, RUNNING, at, null, 0, null, null);
    }

    /** Whether the run has ended. */
    public boolean ended() {
        return !RUNNING.equals(status);
    }

    /** This run, ended with {@code result} at {@code at}. */
    public RunInfo ended(RunResult result, Instant at) {
        return new RunInfo(id, tenant, composition, revision, result.status(), startedAt, at, resumes, result.error(),
                result.output());
    }

    /** This run, resumed once more. */
    public RunInfo resumed() {
        return new RunInfo(id, tenant, composition, revision, RUNNING, startedAt, null, resumes + 1, null, null);
    }
}

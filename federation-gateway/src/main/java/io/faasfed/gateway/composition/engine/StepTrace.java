package io.faasfed.gateway.composition.engine;

import java.time.Instant;

/**
 * One step of a run's trace: one attempt of one state (a task's call, a sequence step's call, or a whole sequence,
 * parallel, map, choice, succeed or fail state).
 *
 * @param path        where the step is, e.g. {@code validate}, {@code enrich.branches[1].a},
 *                    {@code each.items[3].line}, {@code seq.steps[0]}
 * @param state       the state's name (for a sequence step, the sequence's)
 * @param type        the state's type ({@code task}, {@code sequence}, ...); a sequence step is a {@code task}
 * @param function    the function called; null for states that call none themselves
 * @param platform    the platform that answered (or failed); null when unknown or none
 * @param status      {@value #RUNNING} when started; then {@value #SUCCEEDED}, {@value #FAILED}, {@value #CAUGHT}
 *                    (failed, and a catcher takes it), {@value #RETRYING} (failed, and another attempt follows) or
 *                    {@value #CANCELLED} (stopped because a sibling failed or the run ended)
 * @param attempt     the attempt's number, from 1
 * @param started     when it started
 * @param finished    when it finished; null while running
 * @param inputBytes  the request body's size (task steps; 0 otherwise)
 * @param outputBytes the answer's size (task steps; 0 otherwise)
 * @param error       {@code <error>: <cause>} when it did not succeed; null otherwise
 */
public record StepTrace(String path, String state, String type, String function, String platform, String status,
                        int attempt, Instant started, Instant finished, long inputBytes, long outputBytes,
                        String error) {

    /** Started, not finished yet. */
    public static final String RUNNING = "running";
    /** Finished with a result. */
    public static final String SUCCEEDED = "succeeded";
    /** Failed, and no retrier or catcher took it. */
    public static final String FAILED = "failed";
    /** Failed, and a catcher took it. */
    public static final String CAUGHT = "caught";
    /** Failed, and a retrier tries again. */
    public static final String RETRYING = "retrying";
    /** Stopped before it finished: a sibling branch failed, or the run timed out. */
    public static final String CANCELLED = "cancelled";
}

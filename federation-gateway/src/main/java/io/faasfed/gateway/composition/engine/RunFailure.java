package io.faasfed.gateway.composition.engine;

import io.faasfed.gateway.composition.ErrorCategory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A failure inside a run, where it arose: the error object a catcher receives and the text a failed run reports.
 * A fatal failure (a selector that does not fit the data, a choice with no match, the step cap, the run's timeout)
 * is neither retried nor caught: it fails the run.
 */
final class RunFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A selector or result path did not fit the data. */
    static final String SELECTION_FAILED = "selection-failed";
    /** A choice state matched nothing and has no default. */
    static final String NO_CHOICE_MATCHED = "no-choice-matched";
    /** The run executed more steps than the engine allows. */
    static final String STEP_LIMIT = "step-limit-exceeded";
    /** The run as a whole ran past its timeout. */
    static final String RUN_TIMEOUT = "run-timeout";
    /** A checkpoint or a listener could not be used. */
    static final String ENGINE_ERROR = "engine-error";

    private final transient ErrorCategory category;
    private final String error;
    private final String cause;
    private final String path;
    private final String platform;
    private final boolean fatal;

    private RunFailure(ErrorCategory category, String error, String cause, String path, String platform,
                       boolean fatal) {
        super(path + ": " + error + (cause == null ? "" : ": " + cause), null, false, false);
        this.category = category;
        this.error = error;
        this.cause = cause;
        this.path = path;
        this.platform = platform;
        this.fatal = fatal;
    }

    /** A retriable, catchable failure of {@code category} at {@code path}. */
    static RunFailure of(ErrorCategory category, String path, String cause, String platform) {
        return new RunFailure(category, category.jsonName(), cause, path, platform, false);
    }

    /** A function call's failure at {@code path}. */
    static RunFailure of(StepFailure failure, String path) {
        return of(failure.category(), path, failure.getMessage(), failure.platform());
    }

    /** A fail state's error: no category of its own, so only an {@code any} entry retries or catches it. */
    static RunFailure failState(String path, String error, String cause) {
        return new RunFailure(null, error, cause, path, null, false);
    }

    /** A failure that ends the run whatever the retriers and catchers say. */
    static RunFailure fatal(String path, String error, String cause) {
        return new RunFailure(null, error, cause, path, null, true);
    }

    /** The category retriers and catchers match; null for a fail state's own error (only {@code any} takes it). */
    ErrorCategory category() {
        return category;
    }

    /** The error's name: a category's, a fail state's, or one of the fatal kinds. */
    String error() {
        return error;
    }

    /** What happened; null when a fail state gave no cause. */
    String causeText() {
        return cause;
    }

    /** The path of the step where it arose. */
    String path() {
        return path;
    }

    /** The platform that failed; null when unknown. */
    String platform() {
        return platform;
    }

    /** Whether retriers and catchers are skipped. */
    boolean fatal() {
        return fatal;
    }

    /** {@code <error>: <cause>}, for a step's trace. */
    String summary() {
        return error + (cause == null ? "" : ": " + cause);
    }

    /** The error object a catcher merges: {@code {"error": ..., "cause": ...}}. */
    ObjectNode errorObject() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("error", error);
        if (cause == null) {
            node.putNull("cause");
        } else {
            node.put("cause", cause);
        }
        return node;
    }
}

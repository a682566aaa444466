package io.faasfed.network;

import static java.util.Objects.requireNonNull;

/**
 * A failure of a network-setup step that a person can act on: the {@link SetupProblem kind}, what was found, and how
 * to fix it. Raised instead of docker-java's own exceptions, whose messages are HTTP status lines.
 */
public final class SetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SetupProblem problem;
    private final String hint;

    /**
     * @param problem the kind of failure, which decides the exit code
     * @param message what was found, in one sentence
     * @param hint how to fix it, in one sentence or a command
     */
    public SetupException(SetupProblem problem, String message, String hint) {
        this(problem, message, hint, null);
    }

    /** As {@link #SetupException(SetupProblem, String, String)}, keeping the engine's exception as the cause. */
    public SetupException(SetupProblem problem, String message, String hint, Throwable cause) {
        super(requireNonNull(message, "message"), cause);
        this.problem = requireNonNull(problem, "problem");
        this.hint = hint == null ? "" : hint;
    }

    /** The kind of failure. */
    public SetupProblem problem() {
        return problem;
    }

    /** How to fix it; empty when there is nothing to add to the message. */
    public String hint() {
        return hint;
    }
}

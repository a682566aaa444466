package io.faasfed.network;

/**
 * What went wrong, as a kind the command line maps to its exit code (documented in {@code docs/network.md}). Every
 * {@link SetupException} carries one, with a message that says what was found and a hint that says how to fix it.
 */
public enum SetupProblem {
    /** The engine answered with an error nothing else here explains; the message quotes it. */
    ENGINE_ERROR(1),
    /** A flag or value is wrong (a bad subnet, a network name Docker refuses); picocli's own usage errors are 2 too. */
    INVALID_INPUT(2),
    /** No Docker engine answers at the configured host (no socket, refused, wrong {@code DOCKER_HOST}). */
    DOCKER_UNREACHABLE(3),
    /** Swarm mode was asked for (or is needed) and this engine is not a Swarm manager. */
    NOT_A_SWARM_MANAGER(4),
    /** A network of that name exists but is not what faasfed needs (not attachable, other driver, not ours). */
    NETWORK_CONFLICT(5),
    /** The subnet asked for overlaps one that another network uses. */
    SUBNET_OVERLAP(5),
    /** {@code destroy} was refused: containers or services are still attached (use {@code --force}). */
    NETWORK_IN_USE(6),
    /** A platform's service or container was not found, or the name matched more than one. */
    PLATFORM_NOT_FOUND(7),
    /**
     * A platform's container cannot be changed as {@code configure} needs (started with {@code --rm}, or a container
     * left over from an interrupted re-create is in the way); the message says which and what to do.
     */
    PLATFORM_CONFLICT(7),
    /** {@code verify} ran and at least one hop failed; the report names it. */
    VERIFY_FAILED(8),
    /** The network faasfed manages does not exist (yet): run {@code faasfed network apply}. */
    NETWORK_MISSING(9),
    /**
     * A deployed stack's services did not all run (and pass their health checks) within the time given; the message
     * names each one that lagged with its newest task error.
     */
    STACK_NOT_READY(10);

    private final int exitCode;

    SetupProblem(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code the command line ends with for this problem. */
    public int exitCode() {
        return exitCode;
    }
}
